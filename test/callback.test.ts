/**
 * The callback element on the redirect page, loaded in same-origin iframes
 * (an iframe has no `window.opener`): reporting a result itself when nobody
 * takes it, returning to a partner page, and handing the result over the
 * channel to a button of this origin that waits for it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { DialogOnboardingCallback } from '../src/index.js';
import { ACK_TIMEOUT_MS } from '../src/popup.js';
import { ISOLATED_HUB, buttonFixture, clickCutOff, frameAt, hub, next, realClick, recordEvents } from './helpers.js';

interface Recorded {
  type: string;
  detail: unknown;
}

/** A fixture page's window: record.js keeps the onboarding events its document saw. */
interface FixtureWindow extends Window {
  recorded: Recorded[];
}

const DEFAULT_TEXT = {
  'handing-back': 'Finishing the connection…',
  'handed-back': 'Done. You can close this window.',
  reported: 'Done.',
  invalid: 'This page did not receive a valid onboarding result.',
};

/** A same-origin iframe at `src`, once its callback element is defined. */
async function callbackFrame(src: string) {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${src}></iframe>`);
  const path = new URL(src, location.href).pathname;
  const win = () => frame.contentWindow as FixtureWindow;
  await waitUntil(
    () => win().location.pathname === path && win().customElements.get('dialog-onboarding-callback'),
    `${path} loads and defines the callback element`,
  );
  const element = win().document.querySelector('dialog-onboarding-callback') as DialogOnboardingCallback;
  return { frame, win, element };
}

/** The text the status shows: the slotted nodes, or the slot's fallback when none. */
function shownStatus(element: DialogOnboardingCallback): string {
  const slot = element.shadowRoot!.querySelector('[part="status"] slot') as HTMLSlotElement;
  return slot
    .assignedNodes({ flatten: true })
    .map((node) => node.textContent)
    .join('')
    .trim();
}

/** Every value the `state` attribute takes from now on (starting with the current one). */
function watchState(element: Element): string[] {
  const states: string[] = [];
  const push = (value: string | null) => {
    if (value !== null && states[states.length - 1] !== value) states.push(value);
  };
  push(element.getAttribute('state'));
  const observer = new MutationObserver(() => push(element.getAttribute('state')));
  observer.observe(element, { attributes: true, attributeFilter: ['state'] });
  observers.push(observer);
  return states;
}

/** Listens on the hand-back channel as a bystander (never acknowledges). */
function channelBystander(log: string[], times: Record<string, number>): BroadcastChannel {
  const channel = new BroadcastChannel('dialog-onboarding');
  channel.onmessage = ({ data }: MessageEvent<{ type: string; search: string }>) => {
    log.push(`channel ${data.type} ${data.search}`);
    times[data.type] ??= Date.now();
  };
  return channel;
}

let channels: BroadcastChannel[] = [];
let observers: MutationObserver[] = [];
afterEach(async () => {
  for (const channel of channels) channel.close();
  for (const observer of observers) observer.disconnect();
  channels = [];
  observers = [];
  // A failed test must not leave a stand-in hub popup for the next one.
  for (let open = await hub('count'); open > 0; ) {
    await executeServerCommand('hub', { action: 'close', timeout: 1000 }).catch(() => undefined);
    const left = await hub('count');
    if (left >= open) break; // not a hub page: nothing more this can close
    open = left;
  }
});

describe('callback with nobody to hand back to', () => {
  it('tries the channel first, then dispatches onboarded and revoked on itself, bubbling and composed', async () => {
    const log: string[] = [];
    const times: Record<string, number> = {};
    channels.push(channelBystander(log, times));
    const query = '?client=cl1&channels=[chA,chB]&revoked=[chOld]&state=xyz';
    const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html${query}`);
    const flags: Array<{ type: string; bubbles: boolean; composed: boolean; target: boolean }> = [];
    for (const type of ['onboarded', 'revoked', 'onboarding-cancel', 'onboarding-error']) {
      element.addEventListener(type, (event) => {
        log.push(type);
        times[type] = Date.now();
        flags.push({ type, bubbles: event.bubbles, composed: event.composed, target: event.target === element });
      });
    }
    await waitUntil(() => win().recorded.length === 2, 'both events reach the document', { timeout: 4000 });

    expect(log).to.deep.equal([`channel dialog-onboarding:result ${query}`, 'onboarded', 'revoked']);
    // Only after nobody took it from the channel.
    expect(times.onboarded - times['dialog-onboarding:result']).to.be.at.least(ACK_TIMEOUT_MS - 20);
    expect(flags).to.deep.equal([
      { type: 'onboarded', bubbles: true, composed: true, target: true },
      { type: 'revoked', bubbles: true, composed: true, target: true },
    ]);
    // JSON: the details were made in the frame's realm.
    expect(JSON.parse(JSON.stringify(win().recorded))).to.deep.equal([
      {
        type: 'onboarded',
        detail: {
          client: 'cl1',
          channels: ['chA', 'chB'],
          revoked: ['chOld'],
          params: { client: 'cl1', channels: '[chA,chB]', revoked: '[chOld]', state: 'xyz' },
        },
      },
      { type: 'revoked', detail: { client: 'cl1', channels: ['chOld'] } },
    ]);
  });

  it('goes from handing-back to reported, and its default status text with it', async () => {
    const { element } = await callbackFrame('/test/fixtures/callback-page.html?client=cl2&channels=[chA]');
    const states = watchState(element);
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('handing-back');
    expect(shownStatus(element)).to.equal(DEFAULT_TEXT['handing-back']);
    expect(element.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');

    await waitUntil(() => element.getAttribute('state') === 'reported', 'the callback reports', { timeout: 4000 });
    await element.updateComplete;
    expect(states).to.deep.equal(['handing-back', 'reported']);
    expect(element.state).to.equal('reported');
    expect(shownStatus(element)).to.equal(DEFAULT_TEXT.reported);
  });

  it('reports only revoked for a result that grants nothing', async () => {
    const { win } = await callbackFrame('/test/fixtures/callback-page.html?client=cl3&channels=[]&revoked=[chX,chY]');
    await waitUntil(() => win().recorded.length > 0, 'the callback reports', { timeout: 4000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(JSON.parse(JSON.stringify(win().recorded))).to.deep.equal([{ type: 'revoked', detail: { client: 'cl3', channels: ['chX', 'chY'] } }]);
  });

  const invalid: Array<[string, string]> = [
    ['no client', '?channels=[chA]'],
    ['markup in a channel', '?client=c&channels=[%3Cb%3Ex%3C/b%3E]'],
    ['no query at all', ''],
  ];
  for (const [what, query] of invalid) {
    it(`reports onboarding-error invalid-result, goes invalid and says so, for ${what}`, async () => {
      const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html${query}`);
      const states = watchState(element);
      await waitUntil(() => win().recorded.length > 0, 'the callback reports', { timeout: 4000 });
      await element.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const recorded = win().recorded as Array<{ type: string; detail: { reason: string; message: string } }>;
      expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'invalid-result']]);
      expect(recorded[0].detail.message).to.match(/invalid onboarding result/i);
      expect(states).to.deep.equal(['handing-back', 'invalid']);
      expect(shownStatus(element)).to.equal(DEFAULT_TEXT.invalid);
      expect(win().document.querySelector('b')).to.equal(null);
      expect(element.shadowRoot!.querySelector('b')).to.equal(null);
    });
  }

  for (const openerOrigin of ['*', 'partner.example', 'javascript:alert(1)']) {
    it(`reports invalid-config for opener-origin "${openerOrigin}" and hands the result to nobody`, async () => {
      const log: string[] = [];
      channels.push(channelBystander(log, {}));
      const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html?opener=${encodeURIComponent(openerOrigin)}&client=c&channels=[chA]`);
      await waitUntil(() => win().recorded.length > 0, 'the callback reports', { timeout: 4000 });
      const recorded = win().recorded as Array<{ type: string; detail: { reason: string; message: string } }>;
      expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'invalid-config']]);
      expect(recorded[0].detail.message).to.contain('opener-origin');
      expect(element.getAttribute('state')).to.equal('invalid');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(log).to.deep.equal([]);
    });
  }

  it('shows a slotted status text instead of its own, in every state', async () => {
    const { win, element } = await callbackFrame('/test/fixtures/callback-slotted.html?client=cl4&channels=[chS]');
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('handing-back');
    expect(shownStatus(element)).to.equal('Connecting your number…');
    await waitUntil(() => win().recorded.length > 0, 'the callback reports', { timeout: 4000 });
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('reported');
    expect(shownStatus(element)).to.equal('Connecting your number…');
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
  });
});

describe('callback with a return-url (full-page return)', () => {
  it('navigates to the return URL carrying the result, where the button reports it once and clears the address bar', async () => {
    const { win, element } = await callbackFrame('/test/fixtures/callback-page.html?return=1&client=back&channels=[chR1,chR2]');
    const onCallback: string[] = [];
    element.addEventListener('onboarded', (event) => onCallback.push(event.detail.client));

    await waitUntil(() => win().location.pathname === '/test/fixtures/button-page.html', 'the frame returns to the partner page', { timeout: 4000 });
    expect(onCallback, 'the callback reported before leaving').to.deep.equal(['back']);
    // The page was loaded with the result in its address…
    const [arrival] = win().performance.getEntriesByType('navigation');
    const arrived = new URL(arrival.name).searchParams;
    expect([arrived.get('from'), arrived.get('client'), arrived.get('channels')]).to.deep.equal(['callback', 'back', '[chR1,chR2]']);

    await waitUntil(() => win().recorded?.length > 0, 'the button there reports', { timeout: 4000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(JSON.parse(JSON.stringify(win().recorded))).to.deep.equal([
      {
        type: 'onboarded',
        detail: {
          client: 'back',
          channels: ['chR1', 'chR2'],
          revoked: [],
          params: { from: 'callback', return: '1', client: 'back', channels: '[chR1,chR2]' },
        },
      },
    ]);
    // …and leaves it without, so a reload does not report it again.
    expect(win().location.search).to.equal('?from=callback&return=1');
    const before = win().document;
    win().location.reload();
    await waitUntil(
      () => win().document !== before && win().document.readyState === 'complete' && win().customElements.get('dialog-onboarding-button'),
      'the page reloads',
    );
    await new Promise((resolve) => setTimeout(resolve, ACK_TIMEOUT_MS + 300));
    expect(win().location.pathname).to.equal('/test/fixtures/button-page.html');
    expect(win().recorded).to.deep.equal([]);
  });
});

describe('callback on a page built by an app', () => {
  const FULL_PAGE = 'dialog-onboarding:full-page';
  afterEach(() => sessionStorage.removeItem(FULL_PAGE));

  it('reports a full-page return to the listeners the page\'s own later script adds', async () => {
    // The frame shares this tab's session storage: as a tab whose full-page flow came back.
    sessionStorage.setItem(FULL_PAGE, 'latePartner');
    const { win, element } = await callbackFrame('/test/fixtures/callback-late-listener.html?client=late&channels=[chL]');
    await waitUntil(() => element.getAttribute('state') === 'reported', 'the callback reports', { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(win().recorded.map((event) => [event.type, (event.detail as { client: string }).client])).to.deep.equal([['onboarded', 'late']]);
  });

  it('reports an invalid-config to the listeners the page\'s own later script adds', async () => {
    const { win, element } = await callbackFrame('/test/fixtures/callback-late-listener.html?misconfigured&client=late&channels=[chL]');
    await waitUntil(() => win().recorded?.length > 0, 'the page hears the error', { timeout: 3000 });
    expect(win().recorded.map((event) => [event.type, (event.detail as { reason: string }).reason])).to.deep.equal([['onboarding-error', 'invalid-config']]);
    expect(element.getAttribute('state')).to.equal('invalid');
  });

  for (const [fullPage, query, event, state] of [
    [true, '?client=rerender&channels=[chR]', 'onboarded', 'reported'],
    [false, '?client=rerender&channels=[chR]', 'onboarded', 'reported'],
    [true, '?client=<b>&channels=[chR]', 'onboarding-error', 'invalid'],
  ] as const) {
    it(`reports once when a router replaces the callback element with a new one (${fullPage ? 'full-page return' : 'no opener: after the channel wait'}, ${state})`, async () => {
      if (fullPage) sessionStorage.setItem(FULL_PAGE, 'rerenderPartner');
      const { win } = await callbackFrame(`/test/fixtures/callback-rerender.html${query}`);
      await waitUntil(() => win().recorded.length > 0, 'the page hears the result', { timeout: 4000 });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the replaced element's wait, and then some
      expect(win().recorded.map((recorded) => recorded.type)).to.deep.equal([event]);
      const element = win().document.querySelector('dialog-onboarding-callback')!;
      expect(element.getAttribute('state'), 'the element on the page').to.equal(state);
    });
  }

  it('reports a full-page return once on a page that holds both a button and a callback element: on the callback', async () => {
    sessionStorage.setItem(FULL_PAGE, 'shellPartner');
    const { win } = await callbackFrame('/test/fixtures/button-and-callback.html?client=shell&channels=[chS]');
    await waitUntil(() => win().recorded.length > 0, 'the page hears the result', { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect((win() as unknown as { reportedBy: string[] }).reportedBy).to.deep.equal(['dialog-onboarding-callback']);
    expect(sessionStorage.getItem(FULL_PAGE), 'the flow ends there').to.equal(null);
  });

  it('leaves a full-page return to the button on a page whose callback element is misconfigured', async () => {
    sessionStorage.setItem(FULL_PAGE, 'shellPartner');
    const { win } = await callbackFrame('/test/fixtures/button-and-callback.html?misconfigured=1&client=shell3&channels=[chS3]');
    await waitUntil(() => win().recorded.some((event) => event.type === 'onboarded'), 'the button reports the result', { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reportedBy = (win() as unknown as { reportedBy: string[] }).reportedBy;
    expect(win().recorded.map((event) => event.type).sort()).to.deep.equal(['onboarded', 'onboarding-error']);
    expect(reportedBy.sort()).to.deep.equal(['dialog-onboarding-button', 'dialog-onboarding-callback']);
  });

  it('follows the callback\'s return-url on a page that holds both a button and a callback element, still a full-page return there', async () => {
    sessionStorage.setItem(FULL_PAGE, 'selfPartner');
    const frame = await frameAt('/test/fixtures/button-and-callback.html?return=1&client=shell2&channels=[chS2]');
    const win = () => frame.contentWindow as FixtureWindow;
    await waitUntil(() => win().location.pathname === '/test/fixtures/button-page.html', 'the frame follows the return-url', { timeout: 4000 });
    await waitUntil(() => win().recorded?.length > 0, 'the return page reports the result', { timeout: 3000 });
    expect(win().recorded.map((event) => [event.type, (event.detail as { client: string }).client])).to.deep.equal([['onboarded', 'shell2']]);
    expect(win().location.search, 'the return page cleared the result from the address bar').to.equal('?from=callback&return=1');
    expect(sessionStorage.getItem(FULL_PAGE)).to.equal(null);
  });
});

describe('callback with a button of this origin waiting', () => {
  it('gives nothing to a button whose popup is still open: that popup hands back itself, so this page may be forged', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    await hub('url'); // the popup shows the hub
    const { win, element } = await callbackFrame('/test/fixtures/callback-page.html?client=forged&channels=[chF]');
    await waitUntil(() => win().recorded.length > 0, 'the callback reports on itself', { timeout: ACK_TIMEOUT_MS + 3000 });
    expect(element.getAttribute('state')).to.equal('reported');
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect(seen, 'nothing reached the button').to.deep.equal([]);
    expect(button.busy).to.equal(true);
    button.close();
  });

  it('keeps the result of a tab that left for the hub itself (full-page) from a cancelled flow waiting here', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB });
    const seen = recordEvents(button);
    await clickCutOff(button); // cut off, and waiting on the channel
    // The frame shares this tab's session storage: as a tab whose full-page flow came back.
    sessionStorage.setItem('dialog-onboarding:full-page', 'partnerFP');
    const { win, element } = await callbackFrame('/test/fixtures/callback-page.html?client=fullPage&channels=[chFP]');
    await waitUntil(() => win().recorded.length > 0, 'the callback reports on itself');
    expect(element.getAttribute('state')).to.equal('reported');
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect(sessionStorage.getItem('dialog-onboarding:full-page'), 'the flow ends there: no return-url').to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.map((event) => event.type), 'nothing reached the waiting button').to.deep.equal(['onboarding-cancel']);
    button.close();
  });

  it('reaches a button whose popup the hub cut off (isolated hub), after its onboarding-cancel', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB });
    const seen = recordEvents(button);
    await clickCutOff(button);
    await hub('url'); // still on the hub, cut off from us
    const onboarded = next(button, 'onboarded');
    const revoked = next(button, 'revoked');
    const { win, element } = await callbackFrame('/test/fixtures/callback-page.html?client=cut&channels=[chI]&revoked=[chJ]');
    expect((await onboarded).detail.channels).to.deep.equal(['chI']);
    expect((await revoked).detail).to.deep.equal({ client: 'cut', channels: ['chJ'] });
    await waitUntil(() => element.getAttribute('state') === 'handed-back', 'the callback knows it was taken');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(win().recorded).to.deep.equal([]);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded', 'revoked']);
  });
});
