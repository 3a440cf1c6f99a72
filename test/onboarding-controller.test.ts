/**
 * The OnboardingController on its own, with real windows and a bare Lit host: it opens the popup
 * in the click, watches it, takes a hand-back only from it at the expected origin, and `close()`
 * ends it. What it tells the host is read from the host: its events and its `busy`.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { OnboardedEvent, OnboardingCancelEvent, OnboardingErrorEvent } from '../src/events.js';
import { OnboardingController, type OnboardingSettings } from '../src/onboarding-controller.js';
import { SECOND_ORIGIN, clickToOpen, eventually, sleep } from './helpers.js';

/** Two polls of the popup's `closed`, and some slack. */
const CANCEL_WAIT_MS = 1200;
const SEARCH = '?client=msg&channels=[chM]';
/** What SEARCH reports. */
const RESULT = { client: 'msg', channels: ['chM'] };
const CONFIGURATION = 'https://hub.example/app/controllerTest/permissions';

/** A bare host that keeps every value the controller gives its `busy`. */
class ControllerHost extends LitElement {
  readonly busyValues: boolean[] = [];
  get busy(): boolean {
    return this.busyValues.at(-1) ?? false;
  }
  set busy(busy: boolean) {
    this.busyValues.push(busy);
  }
}
customElements.define('controller-test-host', ControllerHost);

interface Opened {
  controller: OnboardingController;
  opened: boolean;
  popup: Window | null;
  /** The `onboarded` events' client and channels. */
  results: Array<{ client: string; channels: string[] }>;
  cancels: boolean[];
  busy: boolean[];
}

let opened: Opened[] = [];
/** Parameters that never come: the popup stays on its same-origin "Preparing…" page. */
const PREPARING: Partial<OnboardingSettings> = { perAttempt: () => new Promise<never>(() => {}) };

/** A controller on a connected host, whose popup opens in a real click; keeps hold of the window `window.open` returned. */
async function openFlow(url: string, settings: Partial<OnboardingSettings> = {}): Promise<Opened> {
  const host = await fixture<ControllerHost>(html`<controller-test-host></controller-test-host>`);
  const record = { popup: null, results: [], cancels: [], busy: host.busyValues, opened: false } as unknown as Opened;
  const full: OnboardingSettings = { configuration: CONFIGURATION, link: () => url, expectedOrigin: location.origin, ...settings };
  host.addEventListener('onboarded', ({ detail: { client, channels } }: OnboardedEvent) => record.results.push({ client, channels }));
  host.addEventListener('onboarding-cancel', ({ detail }: OnboardingCancelEvent) => record.cancels.push(detail.lateResult ?? true));
  let blocked = false;
  host.addEventListener('onboarding-error', ({ detail }: OnboardingErrorEvent) => (blocked ||= detail.reason === 'popup-blocked'));
  record.controller = new OnboardingController(host, () => full);
  const original = window.open;
  window.open = (...args: Parameters<typeof window.open>) => (record.popup = original.apply(window, args));
  try {
    await clickToOpen(() => record.controller.open());
    record.opened = !blocked;
  } finally {
    window.open = original;
  }
  opened.push(record);
  return record;
}

/** This test's records in the tab's storage. */
const records = () => JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').filter((attempt: { configuration: string }) => attempt.configuration === CONFIGURATION);

afterEach(() => {
  for (const { controller, popup } of opened) {
    controller.close();
    if (popup && !popup.closed) popup.close();
  }
  opened = [];
});

describe('OnboardingController.open', () => {
  it('gives popup-blocked when the browser blocks the popup, having asked for the guide’s window, and records nothing', async () => {
    const calls: Array<Parameters<typeof window.open>> = [];
    const original = window.open;
    window.open = (...args: Parameters<typeof window.open>) => (calls.push(args), null);
    let record: Opened;
    try {
      record = await openFlow('https://hub.example/app/p1/permissions');
    } finally {
      window.open = original;
    }
    expect(record.opened).to.equal(false);
    expect(records(), 'the attempt is gone again').to.deep.equal([]);
    expect(record.busy, 'no attempt was under way').to.deep.equal([]);
    const [url, name, features] = calls[0];
    expect([calls.length, url]).to.deep.equal([1, 'https://hub.example/app/p1/permissions']);
    expect(name).to.match(/^integratedOnboardingWindow-\d{1,10}(-\d{1,10}){3}$/);
    expect(features).to.match(/(^|,)toolbar=no(,|$)/).and.match(/(^|,)menubar=no(,|$)/);
    expect(features).to.match(/(^|,)width=600(,|$)/).and.match(/(^|,)height=900(,|$)/);
  });

  it('opens a same-origin blank page showing "Preparing…" as text and title while the parameters are prepared', async () => {
    const { opened: ok, popup } = await openFlow('', PREPARING);
    expect(ok).to.equal(true);
    expect(popup!.location.href).to.equal('about:blank');
    expect([popup!.document.body.textContent, popup!.document.title]).to.deep.equal(['Preparing…', 'Preparing…']);
  });

  it('gives the popup the only copy of the attempt in its opening state: this tab keeps it as open', async () => {
    const { popup } = await openFlow('', PREPARING);
    const inPopup = JSON.parse(popup!.sessionStorage.getItem('dialog-onboarding')!);
    const here = JSON.parse(sessionStorage.getItem('dialog-onboarding')!);
    expect(inPopup.at(-1).state).to.equal('opening');
    expect(here.at(-1)).to.deep.equal({ ...inPopup.at(-1), state: 'open' });
    expect(inPopup.at(-1).secret).to.match(/^\d{1,10}(-\d{1,10}){3}$/);
    expect(inPopup.at(-1).lock).to.match(/^\d{1,10}(-\d{1,10}){3}$/).and.not.equal(inPopup.at(-1).secret);
  });

  it('navigates the popup from the preparing page to the link with the prepared parameters, and takes its result', async () => {
    const { popup, results } = await openFlow('', {
      link: (extra) => `${location.origin}/test/fixtures/hand-back.html?${new URLSearchParams(extra)}`,
      perAttempt: async () => ({ client: 'nav', channels: '[chN]' }),
    });
    await eventually(() => results.length > 0, 'the popup hands back');
    expect(results).to.deep.equal([{ client: 'nav', channels: ['chN'] }]);
    await eventually(() => popup!.closed, 'the redirect page closes its window');
  });
});

describe('OnboardingController lifecycle', () => {
  it('is busy until close(), which closes the popup, removes the record, and can run again', async () => {
    const record = await openFlow('', PREPARING);
    const { controller, popup } = record;
    expect([record.busy, popup!.closed, records().length]).to.deep.equal([[true], false, 1]);
    controller.close();
    expect([record.busy, popup!.closed, records()]).to.deep.equal([[true, false], true, []]);
    controller.close();
    await sleep(CANCEL_WAIT_MS);
    expect([record.results, record.cancels, record.busy], 'a second close() tells nothing').to.deep.equal([[], [], [true, false]]);
  });

  it('reports one cancel within two polls when the client closes the popup, saying a late result may follow', async () => {
    const record = await openFlow('', PREPARING);
    const closedAt = performance.now();
    record.popup!.close();
    await eventually(() => record.cancels.length > 0, 'the controller notices');
    expect(performance.now() - closedAt).to.be.below(CANCEL_WAIT_MS + 300);
    expect(record.busy).to.deep.equal([true, false]);
    await sleep(CANCEL_WAIT_MS);
    expect(record.cancels).to.deep.equal([true]);
  });

  it('brings the open popup to the front instead of starting another attempt', async () => {
    const { controller, popup, busy } = await openFlow('', PREPARING);
    const original = window.open;
    let opens = 0;
    window.open = () => (opens++, null);
    try {
      controller.open();
    } finally {
      window.open = original;
    }
    expect([opens, popup!.closed, busy], 'no other attempt started, this one goes on').to.deep.equal([0, false, [true]]);
  });
});

describe('OnboardingController hand-back messages', () => {
  it('takes a hand-back its popup posts from the expected origin, and ends', async () => {
    const record = await openFlow(`${location.origin}/test/fixtures/hand-back.html${SEARCH}`);
    await eventually(() => record.results.length > 0, 'the popup hands back');
    expect(record.results).to.deep.equal([RESULT]);
    expect(record.busy).to.deep.equal([true, false]);
    await sleep(CANCEL_WAIT_MS);
    expect(record.cancels, 'the popup closing itself after it is no cancel').to.deep.equal([]);
  });

  it('ignores a hand-back from its own popup at another origin than the expected one', async () => {
    const seen: Array<{ data: unknown; origin: string }> = [];
    const listener = ({ data, origin }: MessageEvent) => seen.push({ data, origin });
    addEventListener('message', listener);
    try {
      const record = await openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`);
      await eventually(() => seen.some((message) => message.data === SEARCH), 'the popup posts');
      expect(seen.find((message) => message.data === SEARCH)!.origin).to.equal(SECOND_ORIGIN);
      await sleep(100);
      expect(record.results).to.deep.equal([]);
      expect([record.busy, record.popup!.closed]).to.deep.equal([[true], false]);
    } finally {
      removeEventListener('message', listener);
    }
  });

  it('takes that same hand-back when its origin is the expected one, and ignores non-string messages', async () => {
    const record = await openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`, { expectedOrigin: SECOND_ORIGIN });
    await eventually(() => record.results.length > 0, 'the popup hands back');
    await sleep(100);
    expect(record.results).to.deep.equal([RESULT]); // the object posted first was passed over
  });

  it('ignores a hand-back from another window of the expected origin', async () => {
    const record = await openFlow('', PREPARING);
    window.postMessage(SEARCH, location.origin);
    const frame = await fixture<HTMLIFrameElement>(html`<iframe src="/test/fixtures/poster.html"></iframe>`);
    await eventually(() => frame.contentDocument?.readyState === 'complete' && frame.contentWindow!.location.pathname.endsWith('poster.html'));
    frame.contentWindow!.postMessage({ post: SEARCH }, location.origin);
    await sleep(200);
    expect(record.results).to.deep.equal([]);
    expect([record.busy, record.popup!.closed]).to.deep.equal([[true], false]);
  });
});

describe('OnboardingController closing its own popup', () => {
  it('forgets the record of a popup it closed because the parameters failed', async () => {
    const configuration = 'https://hub.example/app/controllerPrepareFails/permissions';
    const records = () => JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').filter((attempt: { configuration: string }) => attempt.configuration === configuration);
    const host = await fixture<ControllerHost>(html`<controller-test-host></controller-test-host>`);
    let failed = false;
    host.addEventListener('onboarding-error', () => (failed = true));
    const controller = new OnboardingController(host, () => ({ configuration, link: () => '', expectedOrigin: location.origin, perAttempt: () => Promise.reject(new Error('no')) }));
    await clickToOpen(() => controller.open());
    await eventually(() => failed, 'prepare-failed');
    expect(records(), 'no record: no result can come').to.deep.equal([]);
    controller.close();
  });
});
