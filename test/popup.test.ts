/**
 * popup.ts on its own, with real windows: `PopupFlow` opens the popup in the click, watches it,
 * takes a hand-back only from it at the expected origin, and `dispose()` ends it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PopupFlow, type PopupFlowOptions } from '../src/popup.js';
import { SECOND_ORIGIN, clickToOpen, sleep } from './helpers.js';

/** Two polls of the popup's `closed`, and some slack. */
const CANCEL_WAIT_MS = 1200;
const SEARCH = '?client=msg&channels=[chM]';

interface Opened {
  flow: PopupFlow | null;
  popup: Window | null;
  results: string[];
  cancels: boolean[];
}

let opened: Opened[] = [];
let windowNames = 0;

/** Opens a flow in a real click, keeping hold of the window `window.open` returned. */
async function openFlow(url: string, options: Partial<PopupFlowOptions> = {}): Promise<Opened> {
  const record: Opened = { flow: null, popup: null, results: [], cancels: [] };
  const original = window.open;
  window.open = (...args: Parameters<typeof window.open>) => (record.popup = original.apply(window, args));
  try {
    record.flow = await clickToOpen(() =>
      PopupFlow.open({
        url,
        name: `popup-test-${++windowNames}`,
        expectedOrigin: location.origin,
        configuration: 'https://hub.example/app/popupTest/permissions',
        onResult: (search) => record.results.push(search),
        onCancel: (lateResult) => record.cancels.push(lateResult),
        ...options,
      }),
    );
  } finally {
    window.open = original;
  }
  opened.push(record);
  return record;
}

afterEach(() => {
  for (const { flow, popup } of opened) {
    flow?.dispose();
    if (popup && !popup.closed) popup.close();
  }
  opened = [];
});

describe('PopupFlow.open', () => {
  it('returns null when the browser blocks the popup, having asked for the guide’s window, and records nothing', async () => {
    const calls: Array<Parameters<typeof window.open>> = [];
    const original = window.open;
    window.open = (...args: Parameters<typeof window.open>) => (calls.push(args), null);
    try {
      const before = sessionStorage.getItem('dialog-onboarding');
      const flow = PopupFlow.open({ url: 'https://hub.example/app/p1/permissions', name: 'blockedWindow', expectedOrigin: location.origin, configuration: 'c', onResult() {}, onCancel() {} });
      expect(flow).to.equal(null);
      expect(sessionStorage.getItem('dialog-onboarding'), 'the attempt is gone again').to.equal(before);
    } finally {
      window.open = original;
    }
    const [url, name, features] = calls[0];
    expect([calls.length, url, name]).to.deep.equal([1, 'https://hub.example/app/p1/permissions', 'blockedWindow']);
    expect(features).to.match(/(^|,)toolbar=no(,|$)/).and.match(/(^|,)menubar=no(,|$)/);
    expect(features).to.match(/(^|,)width=600(,|$)/).and.match(/(^|,)height=900(,|$)/);
  });

  it('opens a same-origin blank page showing "Preparing…" as text and title when the url is empty', async () => {
    const { flow, popup } = await openFlow('');
    expect(flow).to.not.equal(null);
    expect(popup!.location.href).to.equal('about:blank');
    expect([popup!.document.body.textContent, popup!.document.title]).to.deep.equal(['Preparing…', 'Preparing…']);
  });

  it('gives the popup the only copy of the attempt in its opening state: this tab keeps it as open', async () => {
    const { popup } = await openFlow('');
    const inPopup = JSON.parse(popup!.sessionStorage.getItem('dialog-onboarding')!);
    const here = JSON.parse(sessionStorage.getItem('dialog-onboarding')!);
    expect(inPopup.at(-1).state).to.equal('opening');
    expect(here.at(-1)).to.deep.equal({ ...inPopup.at(-1), state: 'open' });
    expect(inPopup.at(-1).secret).to.match(/^[0-9a-f]{32}$/);
    expect(inPopup.at(-1).lock).to.match(/^[0-9a-f]{32}$/).and.not.equal(inPopup.at(-1).secret);
  });

  it('navigates the popup from the preparing page to the redirect page, and takes its result', async () => {
    const { flow, popup, results } = await openFlow('');
    flow!.navigate(`${location.origin}/test/fixtures/hand-back.html?client=nav&channels=[chN]`);
    await waitUntil(() => results.length > 0, 'the popup hands back');
    expect(results).to.deep.equal(['?client=nav&channels=[chN]']);
    await waitUntil(() => popup!.closed, 'the redirect page closes its window');
  });
});

describe('PopupFlow lifecycle', () => {
  it('shows until dispose(), which closes the popup, aborts the signal, removes the record, and can run again', async () => {
    const record = await openFlow('');
    const { flow, popup } = record;
    let aborts = 0;
    flow!.signal.addEventListener('abort', () => aborts++);
    expect([flow!.showing, flow!.signal.aborted, popup!.closed]).to.deep.equal([true, false, false]);
    flow!.dispose();
    expect([flow!.showing, flow!.signal.aborted, popup!.closed]).to.deep.equal([false, true, true]);
    expect(() => flow!.dispose()).to.not.throw();
    expect(aborts).to.equal(1);
    expect(JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').filter((attempt: { configuration: string }) => attempt.configuration.includes('popupTest'))).to.deep.equal([]);
    await sleep(CANCEL_WAIT_MS);
    expect([record.results, record.cancels]).to.deep.equal([[], []]);
  });

  it('reports one cancel within two polls when the client closes the popup, saying a late result may follow', async () => {
    const record = await openFlow('');
    const closedAt = performance.now();
    record.popup!.close();
    await waitUntil(() => record.cancels.length > 0, 'the flow notices', { timeout: 3000 });
    expect(performance.now() - closedAt).to.be.below(CANCEL_WAIT_MS + 300);
    expect(record.flow!.showing).to.equal(false);
    await sleep(CANCEL_WAIT_MS);
    expect(record.cancels).to.deep.equal([true]);
  });
});

describe('PopupFlow hand-back messages', () => {
  it('takes a hand-back its popup posts from the expected origin, and ends', async () => {
    const record = await openFlow(`${location.origin}/test/fixtures/hand-back.html${SEARCH}`);
    await waitUntil(() => record.results.length > 0, 'the popup hands back');
    expect(record.results).to.deep.equal([SEARCH]);
    expect(record.flow!.showing).to.equal(false);
    await sleep(CANCEL_WAIT_MS);
    expect(record.cancels, 'the popup closing itself after it is no cancel').to.deep.equal([]);
  });

  it('ignores a hand-back from its own popup at another origin than the expected one', async () => {
    const seen: Array<{ data: unknown; origin: string }> = [];
    const listener = ({ data, origin }: MessageEvent) => seen.push({ data, origin });
    addEventListener('message', listener);
    try {
      const record = await openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`);
      await waitUntil(() => seen.some((message) => message.data === SEARCH), 'the popup posts');
      expect(seen.find((message) => message.data === SEARCH)!.origin).to.equal(SECOND_ORIGIN);
      await sleep(100);
      expect(record.results).to.deep.equal([]);
      expect(record.flow!.showing).to.equal(true);
    } finally {
      removeEventListener('message', listener);
    }
  });

  it('takes that same hand-back when its origin is the expected one, and ignores non-string messages', async () => {
    const record = await openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`, { expectedOrigin: SECOND_ORIGIN });
    await waitUntil(() => record.results.length > 0, 'the popup hands back');
    await sleep(100);
    expect(record.results).to.deep.equal([SEARCH]); // the object posted first was passed over
  });

  it('ignores a hand-back from another window of the expected origin', async () => {
    const record = await openFlow('');
    window.postMessage(SEARCH, location.origin);
    const frame = await fixture<HTMLIFrameElement>(html`<iframe src="/test/fixtures/poster.html"></iframe>`);
    await waitUntil(() => frame.contentDocument?.readyState === 'complete' && frame.contentWindow!.location.pathname.endsWith('poster.html'));
    frame.contentWindow!.postMessage({ post: SEARCH }, location.origin);
    await sleep(200);
    expect(record.results).to.deep.equal([]);
    expect(record.flow!.showing).to.equal(true);
  });
});
