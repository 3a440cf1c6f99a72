/**
 * An isolated hub (COOP) cuts the popup off from its opener: the button reports a cancel at once,
 * and the result still reaches it over the attempt's channel. See docs/flow.md.
 */
import { expect } from '@open-wc/testing';

import { recordAttempt, setState } from '../src/attempt.js';
import { handBackOnChannel } from '../src/channel.js';
import type { DialogOnboardingButton } from '../src/index.js';
import { permissionsUrl } from '../src/protocol.js';
import {
  ISOLATED_HUB,
  buttonFixture,
  clickCutOff,
  closePopup,
  eventually,
  hub,
  next,
  realClick,
  recordEvents,
  sleep,
} from './helpers.js';

describe('isolated hub', () => {
  it('still reports the result, after onboarding-cancel, when the hub cut the popup off (COOP)', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB });
    const seen = recordEvents(button);
    await realClick(button);
    // COOP severs the opener: `closed` reads true, so the button reports a cancel…
    await next(button, 'onboarding-cancel');
    expect(button.busy).to.equal(false);
    // …while the client takes their time in the hub, then grants.
    await sleep(3000);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'isolated', channels: ['chIso'] });
    const { detail } = await onboarded;
    expect(detail.channels).to.deep.equal(['chIso']);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    await eventually(async () => (await hub('count')) === 0, 'the callback closes the cut-off popup');
  });
});

describe('isolated hub, two buttons', () => {
  it('gives each of two cut-off buttons in one tab its own popup\'s result', async () => {
    const first = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoFirst' });
    const second = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoSecond' });
    const seenFirst = recordEvents(first);
    const seenSecond = recordEvents(second);
    await clickCutOff(first);
    await clickCutOff(second);
    const firstDone = next(first, 'onboarded');
    await hub('submit', { client: 'forFirst', channels: ['ch1'], oldest: true }); // the first button's popup
    expect((await firstDone).detail.client).to.equal('forFirst');
    const secondDone = next(second, 'onboarded');
    await hub('submit', { client: 'forSecond', channels: ['ch2'] });
    expect((await secondDone).detail.client).to.equal('forSecond');
    expect(seenFirst.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    expect(seenSecond.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
  });
});

describe('isolated hub, the client clicking again', () => {
  it('takes the first popup\'s result while the second popup still shows "Preparing…"', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoPreparing' });
    await clickCutOff(button);
    let release = () => {};
    button.prepareParameters = () => new Promise((resolve) => (release = () => resolve({ state: 'late' })));
    await realClick(button); // a second popup, on "Preparing…": this page can still see it
    expect(await hub('count')).to.equal(2);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'whilePreparing', channels: ['chP'], oldest: true });
    expect((await onboarded).detail.client).to.equal('whilePreparing');
    release();
    button.close();
  });

  it('takes the first popup\'s result on the restarted button, not on another button waiting since', async () => {
    const restarted = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoRestarted' });
    const other = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoOther' });
    const seenOther = recordEvents(other);
    await clickCutOff(restarted);
    await clickCutOff(restarted); // a second popup for the same button
    await clickCutOff(other);
    const onboarded = next(restarted, 'onboarded');
    await hub('submit', { client: 'firstPopup', channels: ['chF'], oldest: true });
    expect((await onboarded).detail.client).to.equal('firstPopup');
    await sleep(200);
    expect(seenOther.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
    restarted.close();
    other.close();
  });

  it('takes the first popup\'s result on the flow restarted after the early cancel', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB });
    const seen = recordEvents(button);
    await clickCutOff(button); // cut off: the client is still in the first hub
    await clickCutOff(button); // …and clicks again: a second popup, the first one still open
    expect(await hub('count')).to.equal(2);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'first', channels: ['chFirst'], oldest: true });
    expect((await onboarded).detail.client).to.equal('first');
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarding-cancel', 'onboarded']);
    button.close();
  });
});

describe('isolated hub, the button re-created by the app', () => {
  it('gives the first popup\'s result to the button re-created in its place (same partner and hub)', async () => {
    const first = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoRecreated' });
    await clickCutOff(first); // cut off: the client is still in the first hub
    const parent = first.parentElement!;
    first.remove(); // an SPA re-render replaces the element…
    const second = document.createElement('dialog-onboarding-button');
    second.setAttribute('hub-url', ISOLATED_HUB);
    second.setAttribute('partner-id', 'isoRecreated');
    parent.append(second);
    await second.updateComplete;
    const seen = recordEvents(second);
    await clickCutOff(second); // …and the client clicks the new one: a second popup, cut off too
    const onboarded = next(second, 'onboarded');
    await hub('submit', { client: 'firstPopup', channels: ['chFirst'], oldest: true });
    expect((await onboarded).detail.client).to.equal('firstPopup');
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    second.close();
  });
});

describe('isolated hub, the button re-created while the one before still holds the lock', () => {
  it('takes the attempt over once the lock comes free, however late the lock manager hears of it', async () => {
    // Under load the release of the removed button's lock can reach the lock manager after the
    // new button asked for it: here a lock this test holds stands for it.
    const attempt = recordAttempt(permissionsUrl(ISOLATED_HUB, 'isoLateLock'), 'opening')!;
    setState(attempt, 'open');
    let release = () => {};
    void navigator.locks.request(attempt.lock, () => new Promise<void>((resolve) => (release = resolve)));
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoLateLock' });
    const seen = recordEvents(button);
    await sleep(200); // it has looked for attempts to take over
    release();
    await sleep(200);
    expect(await handBackOnChannel(attempt, '?client=late&channels=[chLate]'), 'the button took it').to.equal(true);
    expect(seen.map(({ type, detail }) => [type, (detail as { client?: string }).client])).to.deep.equal([['onboarded', 'late']]);
    button.close();
  });
});

describe('isolated hub, the cut-off button moved by the app', () => {
  it('keeps one wait per attempt (it does not queue for its own lock), and the result arrives once', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoMoved' });
    await clickCutOff(button);
    document.body.append(button); // a move: disconnected and connected in one task
    await sleep(200); // it has looked for attempts to take over
    // This button's locks only: the origin's other pages (an earlier test's redirect page) may wait for theirs.
    const locks = (JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]') as Array<{ lock: string; configuration: string }>)
      .filter(({ configuration }) => configuration.includes('/isoMoved/'))
      .map(({ lock }) => lock);
    expect(locks, 'its attempt is recorded').to.have.length(1);
    const pending = ((await navigator.locks.query()).pending ?? []).filter(({ name }) => locks.includes(name!));
    expect(pending, 'no request waits for its own lock').to.deep.equal([]);
    const seen = recordEvents(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'moved', channels: ['chMoved'] });
    expect((await onboarded).detail.client).to.equal('moved');
    await sleep(300);
    expect(seen.map(({ type }) => type)).to.deep.equal(['onboarded']);
    button.remove();
  });
});

describe('isolated hub, a redirect page holding both elements (it hands back twice)', () => {
  it('gives the result to the button whose popup it is, and its second copy to nobody', async () => {
    const redirect = `${location.origin}/test/fixtures/button-and-callback.html`;
    const header = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'samePartner', 'redirect-url': redirect });
    const footer = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'samePartner', 'redirect-url': redirect });
    const seenHeader = recordEvents(header);
    const seenFooter = recordEvents(footer);
    await clickCutOff(header);
    await clickCutOff(footer);
    const onboarded = next(header, 'onboarded');
    await hub('submit', { client: 'headerPopup', channels: ['chH'], oldest: true });
    expect((await onboarded).detail.client).to.equal('headerPopup');
    await sleep(2000);
    expect(seenHeader.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    expect(seenFooter.map((event) => event.type), 'the footer button, still waiting for its own popup').to.deep.equal(['onboarding-cancel']);
    footer.close();
  });
});

describe('isolated hub, the client clicking again and that attempt failing', () => {
  it('still takes the first popup\'s result after the second attempt\'s parameters failed', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoRetryFail' });
    const seen = recordEvents(button);
    await clickCutOff(button); // cut off: the client is still in the first hub
    button.prepareParameters = async () => {
      throw new Error('backend down'); // the signing backend fails this once
    };
    const failed = next(button, 'onboarding-error');
    await realClick(button);
    expect((await failed).detail.reason).to.equal('prepare-failed');
    expect(button.busy, 'busy after the failure').to.equal(false);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'firstPopup', channels: ['chFirst'], oldest: true });
    expect((await onboarded).detail.client).to.equal('firstPopup');
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarding-error', 'onboarded']);
  });

  for (const [failure, reason, fail] of [
    ['blocked by the browser', 'popup-blocked', () => (window.open = () => null)],
    ['misconfigured meanwhile', 'invalid-config', () => {}],
  ] as const) {
    it(`still takes the first popup's result after a second attempt ${failure}`, async () => {
      const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': `isoRetry-${reason}` });
      const seen = recordEvents(button);
      await clickCutOff(button);
      const original = window.open;
      if (reason === 'invalid-config') button.partnerId = ' ';
      fail();
      try {
        button.open();
      } finally {
        window.open = original;
      }
      const onboarded = next(button, 'onboarded');
      await hub('submit', { client: 'firstPopup', channels: ['chFirst'] });
      expect((await onboarded).detail.client).to.equal('firstPopup');
      expect(seen.map((event) => [event.type, (event.detail as { reason?: string }).reason])).to.deep.equal([
        ['onboarding-cancel', undefined],
        ['onboarding-error', reason],
        ['onboarded', undefined],
      ]);
    });
  }
});

describe('two buttons for two hubs, the one cut off by an isolated hub ending', () => {
  for (const [how, end] of [
    ['removed (an SPA route change)', (button: DialogOnboardingButton) => button.remove()],
    ['closed by the app (close())', (button: DialogOnboardingButton) => button.close()],
  ] as const) {
    it(`never gives its popup's result to the other button when it is ${how}`, async () => {
      const directPayment = await buttonFixture({ 'partner-id': 'plainDP' });
      const partnerPayment = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'isoPP' });
      const seenDP = recordEvents(directPayment);
      // The client looks at the Direct Payment hub first, and closes it: that flow keeps waiting.
      await realClick(directPayment);
      expect(await hub('url')).to.contain('/plainDP/');
      await closePopup(directPayment);
      // Then starts Partner Payment, whose hub cuts the popup off: an early cancel.
      await clickCutOff(partnerPayment);
      end(partnerPayment);
      // The client finishes in the Partner Payment popup, which is still open.
      await hub('submit', { client: 'ppClient', channels: ['chPP'] });
      await sleep(2000); // the redirect page's wait for a taker, and then some
      expect(seenDP.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
      directPayment.close();
    });
  }
});
