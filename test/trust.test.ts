/**
 * Trust and failure, through real popups across two origins: forged
 * messages, cancel, an isolated hub, a blocked popup, repeated clicks,
 * teardown, bad results, and a callback with nobody to tell.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { DialogOnboardingButton } from '../src/index.js';
import { ACK_TIMEOUT_MS } from '../src/popup.js';
import {
  ISOLATED_HUB,
  SECOND_ORIGIN,
  STAND_IN_HUB,
  buttonFixture,
  clickCutOff,
  closePopup,
  frameAt,
  hub,
  innerButton,
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

// A test that fails midway must not leave a frame over the next test's buttons.
afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));


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

describe('cancel', () => {
  it('reports onboarding-cancel within a second when the client closes the popup, and is ready again', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    const cancelled = next(button, 'onboarding-cancel');
    const closedAt = performance.now();
    await hub('close');
    await cancelled;
    expect(performance.now() - closedAt).to.be.below(1500);
    expect(button.busy).to.equal(false);

    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'again', channels: ['chAgain'] });
    expect((await onboarded).detail.client).to.equal('again');
  });

  it('reports onboarding-cancel when the hub page closes its own window', async () => {
    const button = await buttonFixture();
    await realClick(button);
    const cancelled = next(button, 'onboarding-cancel');
    await hub('close-button');
    await cancelled;
    expect(button.busy).to.equal(false);
  });

  it('reports a result that grants and revokes nothing as onboarding-cancel', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    const cancelled = next(button, 'onboarding-cancel');
    await hub('submit', { client: 'nothing', channels: [] });
    await cancelled;
    await sleep(100);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
  });
});

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
    const channel = new BroadcastChannel('dialog-onboarding');
    const named: unknown[] = [];
    channel.onmessage = ({ data }) => data?.type === 'dialog-onboarding:result' && named.push(data.tab);
    await hub('submit', { client: 'isolated', channels: ['chIso'] });
    const { detail } = await onboarded;
    await waitUntil(() => named.length > 0, 'this page hears the hand-back on the channel too');
    channel.close();
    expect(detail.channels).to.deep.equal(['chIso']);
    // The redirect page in the popup named this tab, from its copy of the tab's session storage
    // (kept across both COOP swaps): flows waiting in other tabs leave the result alone.
    expect(named).to.deep.equal([sessionStorage.getItem('dialog-onboarding:tab')]);
    expect(named[0]).to.be.a('string').and.not.equal('');
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    await waitUntil(async () => (await hub('count')) === 0, 'the callback closes the cut-off popup', { timeout: 3000 });
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
    await sleep(ACK_TIMEOUT_MS + 1000);
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
      await sleep(ACK_TIMEOUT_MS + 1000); // the redirect page's wait for a taker, and then some
      expect(seenDP.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
      directPayment.close();
    });
  }
});

describe('blocked popup', () => {
  let original: typeof window.open;
  beforeEach(() => (original = window.open));
  afterEach(() => (window.open = original));

  it('reports popup-blocked with a message a person can act on', async () => {
    window.open = () => null;
    const button = await buttonFixture();
    const error = next(button, 'onboarding-error');
    innerButton(button).click();
    const { detail } = await error;
    expect(detail.reason).to.equal('popup-blocked');
    expect(detail.message).to.match(/allow popups/i);
    expect(button.busy).to.equal(false);
  });

  it('navigates the tab to the hub in full-page mode, and the return leg reports the result', async () => {
    window.open = () => {
      throw new Error('full-page mode must not open a popup');
    };
    const frame = document.createElement('iframe');
    frame.src = '/test/fixtures/full-page.html';
    frame.style.height = '600px';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    await waitUntil(() => frame.contentWindow!.customElements.get('dialog-onboarding-button'), 'the frame defines the button');
    frame.contentDocument!.querySelector('dialog-onboarding-button')!.open();
    expect(await hub('url')).to.contain('/fullPagePartner/permissions');
    await hub('submit', { client: 'fullPage', channels: ['chFull'] });
    const pathname = () => {
      try {
        return frame.contentWindow!.location.pathname;
      } catch {
        return 'on the hub'; // cross-origin
      }
    };
    await waitUntil(() => pathname() === '/test/fixtures/button-page.html', 'back on the partner page', { timeout: 4000 });
    const recorded = () => (frame.contentWindow as unknown as { recorded?: Array<{ type: string; detail: { client: string } }> }).recorded ?? [];
    await waitUntil(() => recorded().length > 0, 'the button reports', { timeout: 4000 });
    expect(recorded().map((event) => [event.type, event.detail.client])).to.deep.equal([['onboarded', 'fullPage']]);
    expect(frame.contentWindow!.location.search).to.equal('');
    frame.remove();
  });
});

describe('full-page mode', () => {
  const buttonPageAt = (src: string) => frameAt(src, 'dialog-onboarding-button');
  const pathOf = (frame: HTMLIFrameElement) => {
    try {
      return frame.contentWindow!.location.pathname + frame.contentWindow!.location.search;
    } catch {
      return 'cross-origin'; // on the hub
    }
  };

  it('reports the returning result on the button that started the flow, not the first on the page', async () => {
    const frame = await buttonPageAt('/test/fixtures/two-buttons.html');
    const [, directPayment] = frame.contentDocument!.querySelectorAll('dialog-onboarding-button');
    directPayment.open();
    expect(await hub('url')).to.contain('/directPaymentHub/permissions');
    await hub('submit', { client: 'dp', channels: ['chDP'] });
    const win = () => frame.contentWindow as unknown as { recorded?: Array<{ type: string }>; reportedBy?: string[] };
    await waitUntil(() => pathOf(frame) === '/test/fixtures/two-buttons.html' && (win().reportedBy?.length ?? 0) > 0, 'reported after the return', { timeout: 4000 });
    expect(win().reportedBy).to.deep.equal(['directPaymentHub']);
    expect(win().recorded!.map((event) => event.type)).to.deep.equal(['onboarded']);
  });

  it('goes to the hub when clicked before the page finished loading (the first pageshow is no return)', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/fixtures/full-page-slow.html'; // its load waits 1.5 s for an image
    document.body.append(frame);
    let loaded = false;
    frame.addEventListener('load', () => (loaded = true), { once: true });
    await waitUntil(() => frame.contentWindow!.customElements?.get('dialog-onboarding-button'), 'the frame defines the button');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.prepareParameters = () => new Promise((resolve) => setTimeout(resolve, 2500, { state: 'early' }));
    expect(loaded, 'clicked while the page loads').to.equal(false);
    button.open();
    await waitUntil(() => pathOf(frame) === 'cross-origin', 'the tab goes to the hub once prepared', { timeout: 6000 });
    const hubRequests = await (await fetch('/test/api/hub-requests?partner=slowLoadPartner')).json();
    expect(hubRequests).to.equal(1);
  });

  /** Navigations the hub address that answers 204 was asked for: tries to leave that did not happen. */
  const noContentRequests = async (): Promise<number> => (await fetch('/test/api/no-content-requests')).json();
  /**
   * A full-page button in a frame, clicked, whose tab tried to leave and stayed (its hub answers
   * 204, as when the client chooses "Stay"); with the request count before the click.
   */
  async function stayedAfterLeaving() {
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.hubUrl = `${location.origin}/test/api/no-content`;
    const before = await noContentRequests();
    button.open();
    await waitUntil(async () => (await noContentRequests()) === before + 1, 'the tab tries to leave');
    return { frame, button, before, count: noContentRequests };
  }

  it('starts afresh on a click seconds after its navigation did not happen (the client chose to stay), not at once', async () => {
    const { frame, button, before, count } = await stayedAfterLeaving();
    expect(sessionStorage.getItem('dialog-onboarding:full-page'), 'marked when it left').to.equal('fullPagePartner');
    button.open(); // a double click: the navigation may still be on its way
    await sleep(500);
    expect(await count(), 'no second request at once').to.equal(before + 1);
    expect(pathOf(frame), 'still here').to.equal('/test/fixtures/full-page.html');
    expect(button.busy).to.equal(true);
    button.disabled = true;
    await sleep(1700);
    button.open(); // disabled: nothing, even now
    await sleep(300);
    expect(await count()).to.equal(before + 1);
    button.disabled = false;
    let asked = 0;
    button.prepareParameters = () => (asked++, new Promise((resolve) => setTimeout(resolve, 800, { state: 'again' })));
    button.open();
    // The first navigation may still complete meanwhile: the tab must leave marked either way.
    expect(sessionStorage.getItem('dialog-onboarding:full-page'), 'marked while preparing').to.equal('fullPagePartner');
    expect(asked, 'a fresh attempt asks for its parameters').to.equal(1);
    await waitUntil(async () => (await count()) === before + 2, 'a click seconds later starts afresh');
    expect(sessionStorage.getItem('dialog-onboarding:full-page')).to.equal('fullPagePartner');
    button.close();
    expect(button.busy).to.equal(false);
    expect(sessionStorage.getItem('dialog-onboarding:full-page'), 'close() forgets the attempt').to.equal(null);
  });

  for (const [failure, reason, fail] of [
    ['misconfigured', 'invalid-config', (button: DialogOnboardingButton) => (button.partnerId = ' ')],
    ['a popup the browser blocked (full-page turned off)', 'popup-blocked', (button: DialogOnboardingButton) => {
      button.fullPage = false;
      (button.ownerDocument.defaultView as Window).open = () => null;
    }],
  ] as const) {
    it(`ends the attempt whose navigation did not happen when the retry fails (${failure}): not busy, no mark`, async () => {
      const { button } = await stayedAfterLeaving();
      await sleep(2100); // the client chose to stay; the retry comes seconds later
      fail(button);
      const failed = new Promise<CustomEvent<{ reason: string }>>((resolve) => button.addEventListener('onboarding-error', (event) => resolve(event as CustomEvent), { once: true }));
      button.open();
      expect((await failed).detail.reason).to.equal(reason);
      await button.updateComplete;
      expect(button.busy, 'busy').to.equal(false);
      expect(sessionStorage.getItem('dialog-onboarding:full-page'), 'the mark').to.equal(null);
    });
  }

  it('asks for per-attempt parameters once however often it is clicked, and stays on the page after close()', async () => {
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    let asked = 0;
    let aborted = false;
    button.prepareParameters = ({ signal }) => {
      asked++;
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise((resolve) => setTimeout(resolve, 400, { state: 'late' }));
    };
    button.open();
    button.open();
    expect(asked).to.equal(1);
    expect(button.busy).to.equal(true);
    button.close();
    expect(aborted).to.equal(true);
    await sleep(700);
    expect(pathOf(frame)).to.equal('/test/fixtures/full-page.html');
    expect(button.busy).to.equal(false);
  });
});

describe('the partner page going away', () => {
  it('closes the popup when the page that opened it reloads: nobody would be there to take the result', async () => {
    const frame = await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.hubUrl = STAND_IN_HUB;
    button.open();
    expect(await hub('url')).to.contain('/selfPartner/permissions');
    expect(await hub('count')).to.equal(1);
    frame.contentWindow!.location.reload();
    await waitUntil(async () => (await hub('count')) === 0, 'the popup closes with the page', { timeout: 3000 });
  });
});

describe('two copies of the library in one tab', () => {
  it('keeps each button\'s popup its own when each copy has one button (two same-origin frames, each loading the library)', async () => {
    const frames = [await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button'), await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button')];
    const buttons = frames.map((frame, i) => {
      frame.style.cssText = 'width:400px;height:120px';
      const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
      button.partnerId = `copy${i}`;
      button.hubUrl = STAND_IN_HUB;
      return button;
    });
    const seen = buttons.map((button) => recordEvents(button));
    /** A real click on the button inside `frame`. */
    const clickIn = async (frame: HTMLIFrameElement, button: DialogOnboardingButton) => {
      frame.scrollIntoView({ block: 'center' });
      const outer = frame.getBoundingClientRect();
      const inner = innerButton(button).getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(outer.x + inner.x + inner.width / 2), Math.round(outer.y + inner.y + inner.height / 2)] });
    };
    await clickIn(frames[0], buttons[0]);
    await waitUntil(async () => (await hub('url')).includes('/copy0/'), 'the first copy\'s hub opens');
    await clickIn(frames[1], buttons[1]);
    await waitUntil(async () => (await hub('count')) === 2, 'the second copy opens a popup of its own', { timeout: 3000 });
    expect(await hub('url')).to.contain('/copy1/');
    await sleep(1000);
    expect(seen[0], 'the first button\'s popup is still its own').to.deep.equal([]);
    buttons.forEach((button) => button.close());
    frames.forEach((frame) => frame.remove());
  });
});

describe('repeated clicks', () => {
  it('focuses the open popup instead of opening another; one flow, one result', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    await hub('url');
    await realClick(button);
    button.open();
    await sleep(200);
    expect(await hub('count')).to.equal(1);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'once', channels: ['chOnce'] });
    await onboarded;
    await sleep(1000);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarded']);
  });

  it('does nothing while disabled', async () => {
    const button = await buttonFixture({ disabled: '' });
    button.open();
    await sleep(100);
    expect(await hub('count')).to.equal(0);
    expect(innerButton(button).disabled).to.equal(true);
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

describe('teardown', () => {
  /**
   * Counts live window listeners a flow adds (message, pagehide), intervals and broadcast
   * channels opened from now on. A listener added with an AbortSignal counts as removed once
   * its signal aborts, as the browser removes it then.
   */
  function countResources() {
    const live = { listeners: 0, intervals: 0, channels: 0 };
    const { addEventListener: add, removeEventListener: remove, setInterval: set, clearInterval: clear } = window;
    const intervals = new Set<number>();
    const listeners = new Set<unknown>();
    const counted = (type: string) => type === 'message' || type === 'pagehide';
    window.addEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
      if (counted(type)) {
        listeners.add(listener);
        const signal = typeof options == 'object' ? (options as AddEventListenerOptions | null)?.signal : undefined;
        if (signal?.aborted) listeners.delete(listener);
        signal?.addEventListener('abort', () => listeners.delete(listener), { once: true });
      }
      return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    } as typeof window.addEventListener;
    window.removeEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
      if (counted(type)) listeners.delete(listener);
      return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
    } as typeof window.removeEventListener;
    window.setInterval = ((handler: TimerHandler, ms?: number) => {
      const id = set(handler, ms);
      intervals.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      intervals.delete(id!);
      clear(id);
    }) as typeof window.clearInterval;
    const Channel = window.BroadcastChannel;
    let openChannels = 0;
    window.BroadcastChannel = class extends Channel {
      constructor(name: string) {
        super(name);
        openChannels++;
      }
      override close() {
        openChannels--;
        super.close();
      }
    };
    return {
      read() {
        live.listeners = listeners.size;
        live.intervals = intervals.size;
        live.channels = openChannels;
        return { ...live };
      },
      restore() {
        Object.assign(window, { addEventListener: add, removeEventListener: remove, setInterval: set, clearInterval: clear, BroadcastChannel: Channel });
      },
    };
  }

  let resources: ReturnType<typeof countResources>;
  beforeEach(() => (resources = countResources()));
  afterEach(() => resources.restore());

  it('releases listeners, timers and channels, and closes the popup, when removed mid-flow', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    expect(resources.read(), "message and pagehide listeners, the poll, the channel").to.deep.equal({ listeners: 2, intervals: 1, channels: 1 });
    button.remove();
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
    await waitUntil(async () => (await hub('count')) === 0, 'the popup closes', { timeout: 3000 });

    document.body.append(button); // re-adding works
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'readded', channels: ['ch'] });
    expect((await onboarded).detail.client).to.equal('readded');
    button.remove();
  });

  it('leaves nothing behind over 25 flows cut short by removal', async () => {
    for (let cycle = 0; cycle < 25; cycle++) {
      const button = await fixture<DialogOnboardingButton>(html`<dialog-onboarding-button partner-id="p${cycle}" hub-url="${SECOND_ORIGIN}/demo/hub"></dialog-onboarding-button>`);
      button.open();
      await waitUntil(async () => (await hub('url')).includes(`/p${cycle}/`), 'the hub loads in the popup');
      button.remove();
    }
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
    await waitUntil(async () => (await hub('count')) === 0, 'every popup closes', { timeout: 5000 });
  });

  it('after a cancel keeps only the channel wait (for an isolated hub), and drops even that on removal', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    await closePopup(button);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 1 });
    button.remove();
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('takes nothing at rest: no listener, timer or channel over 1,000 connect/disconnect cycles', async () => {
    const button = document.createElement('dialog-onboarding-button');
    button.setAttribute('partner-id', 'rest');
    for (let cycle = 0; cycle < 1000; cycle++) {
      document.body.append(button);
      button.remove();
      await Promise.resolve(); // let the disconnect's cleanup run
    }
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('keeps its flow when moved within the page in one task', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(button); // a move: disconnect then connect
    await sleep(0);
    expect(button.busy).to.equal(true);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'moved', channels: ['ch'] });
    expect((await onboarded).detail.client).to.equal('moved');
    box.remove();
  });
});
