/** Forged hand-backs: messages from any window, frame or origin that is not our popup at the redirect's origin. */
import { expect } from '@open-wc/testing';

import {
  SECOND_ORIGIN,
  buttonFixture,
  frameAt,
  hub,
  next,
  realClick,
  recordEvents,
  sleep,
} from './helpers.js';

const RESULT = '?client=forged&channels=[forgedCh]';

/** An iframe that posts `message` to this page once loaded. */
async function postFromFrame(origin: string, message: unknown): Promise<void> {
  const frame = await frameAt(`${origin}/test/fixtures/poster.html`);
  frame.contentWindow!.postMessage({ post: message }, '*');
  await sleep(50);
  frame.remove();
}

/** Every kind of forged hand-back we try, none of which comes from our popup at the redirect's origin. */
async function forgeAll(): Promise<number> {
  const kinds: Array<() => unknown> = [
    () => window.postMessage(RESULT, '*'),
    () => window.postMessage({ data: RESULT }, '*'),
    () => window.postMessage(['client', 'x'], '*'),
    () => window.dispatchEvent(new MessageEvent('message', { data: RESULT, origin: location.origin })),
    () => window.dispatchEvent(new MessageEvent('message', { data: RESULT, origin: location.origin, source: window })),
    () => postFromFrame(location.origin, RESULT),
    () => postFromFrame(SECOND_ORIGIN, RESULT),
    () => postFromFrame(SECOND_ORIGIN, { search: RESULT }),
    () => {
      const channel = new BroadcastChannel('dialog-onboarding');
      channel.postMessage(RESULT); // not the channel's message shape
      channel.postMessage({ type: 'dialog-onboarding:ack', id: 'x' });
      channel.close();
    },
  ];
  for (const forge of kinds) await forge();
  await sleep(100);
  return kinds.length;
}

describe('forged messages', () => {
  it('ignores forged hand-backs before, during and after a flow', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await forgeAll();
    expect(seen, 'before').to.deep.equal([]);

    await realClick(button);
    await hub('url'); // the hub page is up
    await forgeAll();
    // From inside our popup, but at the hub's origin, not the redirect's.
    await hub('post', { message: RESULT });
    await sleep(100);
    expect(seen, 'during').to.deep.equal([]);
    expect(button.busy).to.equal(true);

    const onboarded = next(button, 'onboarded');

    await hub('submit', { client: 'realClient', channels: ['realCh'] });
    await onboarded;
    await forgeAll();
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect(seen[0].detail).to.include({ client: 'realClient' });
  });

  it('ignores a channel result while no flow waits for one', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    const channel = new BroadcastChannel('dialog-onboarding');
    channel.postMessage({ type: 'dialog-onboarding:result', id: 'forged', search: RESULT });
    channel.close();
    await sleep(200);
    expect(seen).to.deep.equal([]);
  });
});

describe('bad results', () => {
  const cases: Array<[string, string]> = [
    ['no client', '?channels=[a]'],
    ['markup in the client', '?client=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&channels=[a]'],
    ['markup in a channel', '?client=c&channels=[<b>x</b>]'],
    ['a broken list', '?client=c&channels=[a,,b'],
    ['a very long ID', `?client=c&channels=[${'x'.repeat(5000)}]`],
    ['two clients', '?client=a&client=b&channels=[x]'],
  ];
  for (const [what, query] of cases) {
    it(`reports invalid-result for ${what}, renders nothing, throws nothing`, async () => {
      const errors: unknown[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.error);
      window.addEventListener('error', onError);
      const button = await buttonFixture();
      const seen = recordEvents(button);
      await realClick(button);
      const failed = next(button, 'onboarding-error');
      await hub('redirect', { query });
      const { detail } = await failed;
      expect(detail.reason).to.equal('invalid-result');
      expect(detail.message).to.be.a('string').and.not.empty;
      await sleep(100);
      expect(seen).to.have.length(1);
      expect(document.querySelector('img, b')).to.equal(null);
      window.removeEventListener('error', onError);
      expect(errors).to.deep.equal([]);
    });
  }

  it('deduplicates repeated IDs', async () => {
    const button = await buttonFixture();
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('redirect', { query: '?client=c&channels=[a,b,a,%20b%20]&revoked=[z,z]' });
    const { detail } = await onboarded;
    expect(detail.channels).to.deep.equal(['a', 'b']);
    expect(detail.revoked).to.deep.equal(['z']);
  });
});
