/**
 * End to end, through real popups across two origins: the page on localhost,
 * the stand-in hub on 127.0.0.1, the callback page back on localhost.
 */
import { expect } from '@open-wc/testing';
import { buttonFixture, hub, next, realClick, recordEvents, sleep } from './helpers.js';

describe('onboarding flow', () => {
  it('reports onboarded with the client and granted channels', async () => {
    const button = await buttonFixture();
    await realClick(button);
    expect(button.busy).to.equal(true);
    await hub('submit', { client: 'client1', channels: ['chA', 'chB'] });
    const { detail } = await next(button, 'onboarded');
    expect(detail.client).to.equal('client1');
    expect(detail.channels).to.deep.equal(['chA', 'chB']);
    expect(detail.revoked).to.deep.equal([]);
    expect(detail.params.client).to.equal('client1');
    expect(button.busy).to.equal(false);
  });

  it('reports onboarded, then revoked, for a result that does both', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    await hub('submit', { client: 'client2', channels: ['chA'], revoked: ['chOld'] });
    await next(button, 'revoked');
    expect(seen).to.deep.equal([
      { type: 'onboarded', detail: seen[0].detail },
      { type: 'revoked', detail: { client: 'client2', channels: ['chOld'] } },
    ]);
    expect((seen[0].detail as { channels: string[] }).channels).to.deep.equal(['chA']);
  });

  it('reports only revoked when nothing was granted', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    await hub('submit', { client: 'client3', channels: [], revoked: ['chX', 'chY'] });
    const { detail } = await next(button, 'revoked');
    expect(detail).to.deep.equal({ client: 'client3', channels: ['chX', 'chY'] });
    await sleep(100);
    expect(seen.map((event) => event.type)).to.deep.equal(['revoked']);
  });
});
