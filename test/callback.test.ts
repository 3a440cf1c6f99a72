/**
 * The callback element on the redirect page, loaded in same-origin iframes (an iframe has no
 * `window.opener`, and shares this tab's session storage): reporting a result itself for an
 * attempt this tab recorded and nobody waits for, returning to a partner page, and refusing a
 * result no attempt of this tab's asked for.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { recordAttempt } from '../src/attempt.js';
import type { DialogOnboardingCallback } from '../src/index.js';
import { DEFAULT_HUB_URL, permissionsUrl } from '../src/protocol.js';
import { observe } from './attacks/attack-helpers.js';
import { ISOLATED_HUB, SECOND_ORIGIN, buttonFixture, clickCutOff, eventually, frameAt, hub, realClick, recordEvents, sleep } from './helpers.js';

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
  'no-attempt': 'No onboarding was started in this tab.',
};

/** As a tab that left for the hub itself (full-page) and comes back: its attempt, recorded in this tab's storage, which the frames share. */
const cameBack = (partnerId = 'callbackPartner', hub = DEFAULT_HUB_URL) => recordAttempt(permissionsUrl(hub, partnerId), 'left');

/** A same-origin iframe at `src`, once its callback element is defined. */
async function callbackFrame(src: string) {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${src}></iframe>`);
  const path = new URL(src, location.href).pathname;
  const win = () => frame.contentWindow as FixtureWindow;
  await eventually(
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

let observers: MutationObserver[] = [];
afterEach(async () => {
  sessionStorage.removeItem('dialog-onboarding'); // what a test recorded and nobody took
  for (const observer of observers) observer.disconnect();
  observers = [];
  // A failed test must not leave a stand-in hub popup for the next one.
  for (let open = await hub('count'); open > 0; ) {
    await executeServerCommand('hub', { action: 'close', timeout: 1000 }).catch(() => undefined);
    const left = await hub('count');
    if (left >= open) break; // not a hub page: nothing more this can close
    open = left;
  }
});

describe('callback for an attempt of this tab that nobody waits for', () => {
  it('dispatches onboarded and revoked on itself, bubbling and composed', async () => {
    cameBack();
    const query = '?client=cl1&channels=[chA,chB]&revoked=[chOld]&state=xyz';
    const { win } = await callbackFrame(`/test/fixtures/callback-page.html${query}`);
    await eventually(() => win().recorded.length === 2, 'both events reach the document');
    expect((win() as unknown as { dispatched: unknown[] }).dispatched).to.deep.equal([
      { type: 'onboarded', bubbles: true, composed: true, target: 'dialog-onboarding-callback' },
      { type: 'revoked', bubbles: true, composed: true, target: 'dialog-onboarding-callback' },
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
    expect(win().location.search, 'the result left the address bar').to.equal('?state=xyz');
    expect(sessionStorage.getItem('dialog-onboarding') ?? '', 'and its record the storage').to.not.contain('"left"');
  });

  it('goes from handing-back to reported, and its default status text with it', async () => {
    cameBack();
    const { element } = await callbackFrame('/test/fixtures/callback-page.html?client=cl2&channels=[chA]');
    const states = watchState(element);
    await element.updateComplete;
    expect(shownStatus(element)).to.be.oneOf([DEFAULT_TEXT['handing-back'], DEFAULT_TEXT.reported]);
    expect(element.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');
    await eventually(() => element.getAttribute('state') === 'reported', 'the callback reports');
    await element.updateComplete;
    expect(states.at(-1)).to.equal('reported');
    expect(states.filter((state) => state !== 'handing-back')).to.deep.equal(['reported']);
    expect(shownStatus(element)).to.equal(DEFAULT_TEXT.reported);
  });

  it('reports only revoked for a result that grants nothing', async () => {
    cameBack();
    const { win } = await callbackFrame('/test/fixtures/callback-page.html?client=cl3&channels=[]&revoked=[chX,chY]');
    await eventually(() => win().recorded.length > 0, 'the callback reports');
    await sleep(100);
    expect(JSON.parse(JSON.stringify(win().recorded))).to.deep.equal([{ type: 'revoked', detail: { client: 'cl3', channels: ['chX', 'chY'] } }]);
  });

  const invalid: Array<[string, string]> = [
    ['no client', '?channels=[chA]'],
    ['markup in a channel', '?client=c&channels=[%3Cb%3Ex%3C/b%3E]'],
    ['no query at all', ''],
  ];
  for (const [what, query] of invalid) {
    it(`reports onboarding-error invalid-result, goes invalid and says so, for ${what}`, async () => {
      cameBack();
      const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html${query}`);
      const states = watchState(element);
      await eventually(() => win().recorded.length > 0, 'the callback reports');
      await element.updateComplete;
      await sleep(100);
      const recorded = win().recorded as Array<{ type: string; detail: { reason: string; message: string } }>;
      expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'invalid-result']]);
      expect(recorded[0].detail.message).to.match(/invalid onboarding result/i);
      expect(states.at(-1)).to.equal('invalid');
      expect(shownStatus(element)).to.equal(DEFAULT_TEXT.invalid);
      expect(win().document.querySelector('b')).to.equal(null);
      expect(element.shadowRoot!.querySelector('b')).to.equal(null);
    });
  }

  for (const openerOrigin of ['*', 'partner.example', 'javascript:alert(1)']) {
    it(`reports invalid-config for opener-origin "${openerOrigin}" and hands the result to nobody`, async () => {
      cameBack();
      const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html?opener=${encodeURIComponent(openerOrigin)}&client=c&channels=[chA]`);
      await eventually(() => win().recorded.length > 0, 'the callback reports');
      const recorded = win().recorded as Array<{ type: string; detail: { reason: string; message: string } }>;
      expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'invalid-config']]);
      expect(recorded[0].detail.message).to.contain('opener-origin');
      expect(element.getAttribute('state')).to.equal('invalid');
      await sleep(200);
      expect(win().recorded).to.have.length(1);
      expect(sessionStorage.getItem('dialog-onboarding') ?? '', 'the attempt was not taken').to.contain('"left"');
    });
  }

  it('shows a slotted status text instead of its own, in every state', async () => {
    cameBack();
    const { win, element } = await callbackFrame('/test/fixtures/callback-slotted.html?client=cl4&channels=[chS]');
    await element.updateComplete;
    expect(shownStatus(element)).to.equal('Connecting your number…');
    await eventually(() => win().recorded.length > 0, 'the callback reports');
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('reported');
    expect(shownStatus(element)).to.equal('Connecting your number…');
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
  });
});

describe('callback for a result no attempt of this tab asked for', () => {
  for (const [what, query] of [
    ['a result', '?client=forged&channels=[chF]'],
    ['a malformed one', '?client=<b>&channels=[chF]'],
  ] as const) {
    it(`reports neither onboarded nor revoked for ${what}: it says no onboarding was started in this tab`, async () => {
      const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html${query}`);
      await eventually(() => element.getAttribute('state') === 'no-attempt', 'the callback gives up');
      await element.updateComplete;
      expect(shownStatus(element)).to.equal(DEFAULT_TEXT['no-attempt']);
      await eventually(() => win().recorded.length > 0, 'the page hears why');
      const recorded = win().recorded as Array<{ type: string; detail: { reason: string } }>;
      expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'no-attempt']]);
      expect(win().location.search, 'the page is left alone').to.equal(new URL(query, location.href).search);
    });
  }

  it('gives nothing to a button of this tab waiting with its popup open, nor one cut off by an isolated hub', async () => {
    const open = await buttonFixture({ 'partner-id': 'openPopup' });
    const cutOff = await buttonFixture({ 'partner-id': 'cutOff', 'hub-url': ISOLATED_HUB });
    const seen = [recordEvents(open), recordEvents(cutOff)];
    await clickCutOff(cutOff);
    await realClick(open);
    await hub('url');
    const { element } = await callbackFrame('/test/fixtures/callback-page.html?client=forged&channels=[chF]');
    await eventually(() => element.getAttribute('state') === 'no-attempt', 'the callback gives up');
    await sleep(300);
    expect(seen.map((events) => events.map((event) => event.type))).to.deep.equal([[], ['onboarding-cancel']]);
    open.close();
    cutOff.close();
  });
});

describe('callback with a return-url (full-page return)', () => {
  it('goes to the return URL carrying the result (replacing itself), where the button of the attempt reports it once', async () => {
    cameBack('selfPartner');
    const observer = observe();
    const historyBefore = history.length;
    const frame = await frameAt('/test/fixtures/callback-page.html?return=1&client=back&channels=[chR1,chR2]');
    const win = () => frame.contentWindow as FixtureWindow;
    await eventually(() => win().location.pathname === '/test/fixtures/button-page.html', 'the frame returns to the partner page');
    const [arrival] = win().performance.getEntriesByType('navigation');
    const arrived = new URL(arrival.name).searchParams;
    expect([arrived.get('from'), arrived.get('client'), arrived.get('channels')]).to.deep.equal(['callback', 'back', '[chR1,chR2]']);
    await eventually(() => win().recorded?.length > 0, 'the button there reports');
    await sleep(300);
    observer.close();
    expect(observer.seen.filter((seen) => seen.type).map((seen) => seen.page), 'the callback left the report to the return page').to.deep.equal(['/test/fixtures/button-page.html']);
    expect(win().history.length, 'replaced, not pushed: Back skips the result page').to.equal(historyBefore);
    expect(JSON.parse(JSON.stringify(win().recorded))).to.deep.equal([
      { type: 'onboarded', detail: { client: 'back', channels: ['chR1', 'chR2'], revoked: [], params: { from: 'callback', return: '1', client: 'back', channels: '[chR1,chR2]' } } },
    ]);
    expect(win().location.search, 'the result left the address bar').to.equal('?from=callback&return=1');
  });
});

describe('callback with a return-url on another origin', () => {
  it('reports invalid-config before anything, and leaves the result where it is: that origin cannot read this tab’s record', async () => {
    cameBack();
    const returnTo = `${SECOND_ORIGIN}/test/fixtures/button-page.html`;
    const { win, element } = await callbackFrame(`/test/fixtures/callback-page.html?returnTo=${encodeURIComponent(returnTo)}&client=c&channels=[chA]`);
    await eventually(() => win().recorded.length > 0, 'the callback reports');
    const recorded = win().recorded as Array<{ type: string; detail: { reason: string; message: string } }>;
    expect(recorded.map((event) => [event.type, event.detail.reason])).to.deep.equal([['onboarding-error', 'invalid-config']]);
    expect(recorded[0].detail.message).to.contain('return-url is on another origin');
    expect(element.getAttribute('state')).to.equal('invalid');
    expect(win().location.pathname, 'it stays').to.equal('/test/fixtures/callback-page.html');
    expect(sessionStorage.getItem('dialog-onboarding') ?? '', 'the attempt was not taken').to.contain('"left"');
  });
});

describe('callback on a page built by an app', () => {
  it('reports to the listeners the page\'s own later script adds', async () => {
    cameBack();
    const { win, element } = await callbackFrame('/test/fixtures/callback-late-listener.html?client=late&channels=[chL]');
    await eventually(() => element.getAttribute('state') === 'reported', 'the callback reports');
    await sleep(200);
    expect(win().recorded.map((event) => [event.type, (event.detail as { client: string }).client])).to.deep.equal([['onboarded', 'late']]);
  });

  it('reports an invalid-config to the listeners the page\'s own later script adds', async () => {
    const { win, element } = await callbackFrame('/test/fixtures/callback-late-listener.html?misconfigured&client=late&channels=[chL]');
    await eventually(() => win().recorded?.length > 0, 'the page hears the error');
    expect(win().recorded.map((event) => [event.type, (event.detail as { reason: string }).reason])).to.deep.equal([['onboarding-error', 'invalid-config']]);
    expect(element.getAttribute('state')).to.equal('invalid');
  });

  for (const [query, event, state] of [
    ['?client=rerender&channels=[chR]', 'onboarded', 'reported'],
    ['?client=<b>&channels=[chR]', 'onboarding-error', 'invalid'],
  ] as const) {
    it(`reports once when a router replaces the callback element with a new one (${state})`, async () => {
      cameBack();
      const { win } = await callbackFrame(`/test/fixtures/callback-rerender.html${query}`);
      await eventually(() => win().recorded.length > 0, 'the page hears the result');
      await sleep(1000);
      expect(win().recorded.map((recorded) => recorded.type)).to.deep.equal([event]);
      const element = win().document.querySelector('dialog-onboarding-callback')!;
      expect(element.getAttribute('state'), 'the element on the page').to.equal(state);
    });
  }

  it('reports a full-page return once on a page that holds both a button and a callback element: on the callback', async () => {
    cameBack('shellPartner');
    const { win } = await callbackFrame('/test/fixtures/button-and-callback.html?client=shell&channels=[chS]');
    await eventually(() => win().recorded.length > 0, 'the page hears the result');
    await sleep(1000);
    expect(win().recorded.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect((win() as unknown as { reportedBy: string[] }).reportedBy).to.deep.equal(['dialog-onboarding-callback']);
  });

  it('leaves a full-page return to the button of its configuration on a page whose callback element is misconfigured', async () => {
    cameBack('shellPartner');
    const { win } = await callbackFrame('/test/fixtures/button-and-callback.html?misconfigured=1&client=shell3&channels=[chS3]');
    await eventually(() => win().recorded.some((event) => event.type === 'onboarded'), 'the button reports the result');
    await sleep(500);
    const reportedBy = (win() as unknown as { reportedBy: string[] }).reportedBy;
    expect(win().recorded.map((event) => event.type).sort()).to.deep.equal(['onboarded', 'onboarding-error']);
    expect(reportedBy.sort()).to.deep.equal(['dialog-onboarding-button', 'dialog-onboarding-callback']);
  });

  it('follows the callback\'s return-url on a page that holds both elements, to the button there', async () => {
    cameBack('selfPartner');
    const frame = await frameAt('/test/fixtures/button-and-callback.html?return=1&client=shell2&channels=[chS2]');
    const win = () => frame.contentWindow as FixtureWindow;
    await eventually(() => win().location.pathname === '/test/fixtures/button-page.html', 'the frame follows the return-url');
    await eventually(() => win().recorded?.length > 0, 'the return page reports the result');
    expect(win().recorded.map((event) => [event.type, (event.detail as { client: string }).client])).to.deep.equal([['onboarded', 'shell2']]);
    expect(win().location.search, 'the return page cleared the result from the address bar').to.equal('?from=callback&return=1');
    expect(sessionStorage.getItem('dialog-onboarding') ?? '').to.not.contain('"left"');
  });
});
