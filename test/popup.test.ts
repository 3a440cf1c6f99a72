/**
 * popup.ts on its own, with real windows: the opener side (`PopupFlow`:
 * open, watch, accept a hand-back only from its popup at the expected
 * origin, dispose) and the popup side (`handBack`: to the opener at a named
 * origin, never `*`; else over the channel, with an acknowledgement).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ACK_TIMEOUT_MS, PopupFlow, handBack } from '../src/popup.js';
import { FLOW, TAB } from '../src/session.js';
import { SECOND_ORIGIN, sleep } from './helpers.js';

const CHANNEL = 'dialog-onboarding';
const RESULT = 'dialog-onboarding:result';
const ACK = 'dialog-onboarding:ack';
/** Two polls of the popup's `closed`, and some slack. */
const CANCEL_WAIT_MS = 1200;

interface OpenedFlow {
  flow: PopupFlow | null;
  /** The window `window.open` returned (null when blocked). */
  popup: Window | null;
  results: string[];
  cancels: number;
}

let flows: PopupFlow[] = [];
let popups: Window[] = [];
let channels: BroadcastChannel[] = [];
/** Other things a test set up that must not outlive it. */
let undo: Array<() => void> = [];
let windowNames = 0;

/** Opens a flow through the real `window.open`, keeping hold of its popup. */
function openFlow(url: string, expectedOrigin = location.origin, preparingText?: string, owner?: string): OpenedFlow {
  const opened: OpenedFlow = { flow: null, popup: null, results: [], cancels: 0 };
  const original = window.open;
  window.open = (...args: Parameters<typeof window.open>) => (opened.popup = original.apply(window, args));
  try {
    opened.flow = PopupFlow.open(
      url,
      `popup-test-${++windowNames}`,
      expectedOrigin,
      { result: (search) => opened.results.push(search), cancel: () => opened.cancels++ },
      preparingText,
      [],
      owner,
    );
  } finally {
    window.open = original;
  }
  if (opened.flow) flows.push(opened.flow);
  if (opened.popup) popups.push(opened.popup);
  return opened;
}

/** A same-origin iframe (so without an opener) that calls `handBack(search)`; resolves to what it resolved to. */
async function handBackFromFrame(search: string): Promise<boolean> {
  const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${`/test/fixtures/hand-back.html${search}`}></iframe>`);
  const taken = () => (frame.contentWindow as Window & { taken?: boolean }).taken;
  await waitUntil(() => taken() !== undefined, 'the frame hands back', { timeout: ACK_TIMEOUT_MS + 3000 });
  return taken()!;
}

/** A bystander on the hand-back channel: records what is offered there. */
function listenOnChannel(): { messages: Array<{ type: string; id: string; search?: string }>; channel: BroadcastChannel } {
  const channel = new BroadcastChannel(CHANNEL);
  const messages: Array<{ type: string; id: string; search?: string }> = [];
  channel.addEventListener('message', (event: MessageEvent<{ type: string; id: string; search?: string }>) => messages.push(event.data));
  channels.push(channel);
  return { messages, channel };
}

/** Messages this page receives from now on, with their origin and source. */
function listenOnWindow(): Array<{ data: unknown; origin: string; source: MessageEventSource | null }> {
  const seen: Array<{ data: unknown; origin: string; source: MessageEventSource | null }> = [];
  const onMessage = ({ data, origin, source }: MessageEvent) => seen.push({ data, origin, source });
  addEventListener('message', onMessage);
  undo.push(() => removeEventListener('message', onMessage));
  return seen;
}

afterEach(() => {
  for (const flow of flows) flow.dispose();
  for (const popup of popups) if (!popup.closed) popup.close();
  for (const channel of channels) channel.close();
  for (const step of undo.reverse()) step();
  flows = [];
  popups = [];
  channels = [];
  undo = [];
});

describe('PopupFlow.open', () => {
  let original: typeof window.open;
  beforeEach(() => (original = window.open));
  afterEach(() => (window.open = original));

  it('returns null when the browser blocks the popup, having asked for the guide’s window', async () => {
    const calls: Array<Parameters<typeof window.open>> = [];
    window.open = (...args: Parameters<typeof window.open>) => {
      calls.push(args);
      return null;
    };
    let called = 0;
    const flow = PopupFlow.open('https://hub.example/app/p1/permissions', 'blockedWindow', location.origin, {
      result: () => called++,
      cancel: () => called++,
    });
    expect(flow).to.equal(null);
    expect(calls).to.have.length(1);
    const [url, name, features] = calls[0];
    expect([url, name]).to.deep.equal(['https://hub.example/app/p1/permissions', 'blockedWindow']);
    expect(features).to.match(/(^|,)toolbar=no(,|$)/).and.match(/(^|,)menubar=no(,|$)/);
    expect(features).to.match(/(^|,)width=600(,|$)/).and.match(/(^|,)height=900(,|$)/);
    // A blocked flow listens for nothing: a hand-back now finds nobody.
    expect(await handBackFromFrame('?client=c&channels=[x]')).to.equal(false);
    expect(called).to.equal(0);
  });

  it('opens a same-origin blank page showing "Preparing…" as text and title when the url is empty', async () => {
    const { flow, popup } = openFlow('');
    expect(flow).to.not.equal(null);
    expect(popup!.location.href).to.equal('about:blank');
    expect(popup!.document.body.textContent).to.equal('Preparing…');
    expect(popup!.document.title).to.equal('Preparing…');
    await sleep(300); // while the parameters are fetched
    expect(popup!.location.href).to.equal('about:blank');
    expect(popup!.document.body.textContent).to.equal('Preparing…');
  });

  it('shows a custom preparing text as text, never as markup', async () => {
    const text = '<b>Einen Moment…</b>';
    const { popup } = openFlow('', location.origin, text);
    expect(popup!.document.body.textContent).to.equal(text);
    expect(popup!.document.title).to.equal(text);
    expect(popup!.document.querySelector('b')).to.equal(null);
  });

  it('navigates the popup from the preparing page to the hand-back page, and takes its result', async () => {
    const { flow, popup, results } = openFlow('');
    flow!.navigate(`${location.origin}/test/fixtures/hand-back.html?client=nav&channels=[chN]`);
    await waitUntil(() => results.length > 0, 'the popup hands back');
    expect(results).to.deep.equal(['?client=nav&channels=[chN]']);
    expect(popup!.closed).to.equal(true);
  });
});

describe('PopupFlow lifecycle', () => {
  it('stays open with a live signal until dispose(), which closes the popup, aborts the signal and can run again', async () => {
    const opened = openFlow('');
    const { flow, popup } = opened;
    let aborts = 0;
    flow!.signal.addEventListener('abort', () => aborts++);
    expect(flow!.isOpen).to.equal(true);
    expect(flow!.signal.aborted).to.equal(false);
    expect(popup!.closed).to.equal(false);

    flow!.dispose();
    expect(popup!.closed).to.equal(true);
    expect(flow!.isOpen).to.equal(false);
    expect(flow!.signal.aborted).to.equal(true);
    expect(() => flow!.dispose()).to.not.throw();
    expect(flow!.isOpen).to.equal(false);
    expect(aborts).to.equal(1);

    // Disposed: no cancel for the closed popup, and a hand-back now finds nobody.
    expect(await handBackFromFrame('?client=after&channels=[chD]')).to.equal(false);
    await sleep(CANCEL_WAIT_MS - ACK_TIMEOUT_MS);
    expect(opened.results).to.deep.equal([]);
    expect(opened.cancels).to.equal(0);
  });

  it('reports one cancel within two polls when the client closes the popup, and still takes a late result', async () => {
    const opened = openFlow('');
    const closedAt = performance.now();
    opened.popup!.close();
    await waitUntil(() => opened.cancels > 0, 'the flow notices', { timeout: 3000 });
    expect(performance.now() - closedAt).to.be.below(CANCEL_WAIT_MS + 300);
    expect(opened.flow!.isOpen).to.equal(false);

    // The popup may only look closed (an isolated hub): the channel still listens.
    expect(await handBackFromFrame('?client=late&channels=[chL]')).to.equal(true);
    expect(opened.results).to.deep.equal(['?client=late&channels=[chL]']);
    expect(opened.flow!.signal.aborted).to.equal(true);
    await sleep(CANCEL_WAIT_MS);
    expect(opened.cancels).to.equal(1);
  });
});

describe('PopupFlow hand-back messages', () => {
  const SEARCH = '?client=msg&channels=[chM]';

  it('takes a hand-back its popup posts from the expected origin', async () => {
    const opened = openFlow(`${location.origin}/test/fixtures/hand-back.html${SEARCH}`);
    await waitUntil(() => opened.results.length > 0, 'the popup hands back');
    expect(opened.results).to.deep.equal([SEARCH]);
    expect(opened.flow!.isOpen).to.equal(false);
    expect(opened.popup!.closed).to.equal(true);
    await sleep(CANCEL_WAIT_MS);
    expect(opened.cancels).to.equal(0);
  });

  it('takes a hand-back posted just before the popup closes itself, without a cancel', async () => {
    const opened = openFlow(`${location.origin}/test/fixtures/hand-back.html${SEARCH}#close`);
    await waitUntil(() => opened.results.length > 0, 'the popup hands back');
    await waitUntil(() => opened.popup!.closed, 'the popup closes');
    await sleep(CANCEL_WAIT_MS);
    expect(opened.results).to.deep.equal([SEARCH]);
    expect(opened.flow!.isOpen).to.equal(false);
    expect(opened.cancels).to.equal(0);
  });

  it('ignores a hand-back from its own popup at another origin than the expected one', async () => {
    const seen = listenOnWindow();
    const opened = openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`, location.origin);
    await waitUntil(() => seen.some((message) => message.data === SEARCH && message.source === opened.popup), 'the popup posts');
    expect(seen.find((message) => message.data === SEARCH)!.origin).to.equal(SECOND_ORIGIN);
    await sleep(100);
    expect(opened.results).to.deep.equal([]);
    expect(opened.flow!.isOpen).to.equal(true);
  });

  it('takes that same hand-back when its origin is the expected one, and ignores non-string messages', async () => {
    const seen = listenOnWindow();
    const opened = openFlow(`${SECOND_ORIGIN}/test/fixtures/opener-poster.html${SEARCH}`, SECOND_ORIGIN);
    await waitUntil(() => opened.results.length > 0, 'the popup hands back');
    await sleep(100);
    // The object came first and was passed over.
    expect(seen.map((message) => typeof message.data)).to.deep.equal(['object', 'string']);
    expect(opened.results).to.deep.equal([SEARCH]);
  });

  it('ignores a hand-back from another window of the expected origin', async () => {
    const seen = listenOnWindow();
    const opened = openFlow('');
    window.postMessage(SEARCH, location.origin);
    const frame = await fixture<HTMLIFrameElement>(html`<iframe src="/test/fixtures/poster.html"></iframe>`);
    await waitUntil(() => frame.contentDocument?.readyState === 'complete' && frame.contentWindow!.location.pathname.endsWith('poster.html'));
    frame.contentWindow!.postMessage({ post: SEARCH }, location.origin);
    await waitUntil(() => seen.filter((message) => message.data === SEARCH).length === 2, 'both windows post');
    expect(seen.every((message) => message.origin === location.origin)).to.equal(true);
    await sleep(100);
    expect(opened.results).to.deep.equal([]);
    expect(opened.flow!.isOpen).to.equal(true);
  });
});

describe('handBack to an opener', () => {
  const SEARCH = '?client=op&channels=[chO]&revoked=[chP]';
  let descriptor: PropertyDescriptor | undefined;
  let stubbed = false;

  /** Makes `window.opener` read `value` until the test ends. */
  function stubOpener(value: unknown): void {
    if (!stubbed) descriptor = Object.getOwnPropertyDescriptor(window, 'opener');
    stubbed = true;
    Object.defineProperty(window, 'opener', { value, configurable: true });
  }
  afterEach(() => {
    if (!stubbed) return;
    if (descriptor) Object.defineProperty(window, 'opener', descriptor);
    else Reflect.deleteProperty(window, 'opener');
    stubbed = false;
  });

  /** A stand-in opener that records what is posted to it. */
  function fakeOpener({ closed = false, origin }: { closed?: boolean; origin: string | 'unreadable' }) {
    const posted: Array<{ message: unknown; targetOrigin: string }> = [];
    const opener = {
      closed,
      get location(): { origin: string } {
        // What reading a cross-origin window's location does.
        if (origin === 'unreadable') throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        return { origin };
      },
      postMessage(message: unknown, targetOrigin: string) {
        posted.push({ message, targetOrigin });
      },
    };
    return { opener: opener as unknown as Window, posted };
  }

  it('posts exactly the search to a same-origin opener, targeted at this origin, and resolves true', async () => {
    const { messages } = listenOnChannel();
    const { opener, posted } = fakeOpener({ origin: location.origin });
    stubOpener(opener);
    expect(await handBack(SEARCH)).to.equal(true);
    expect(posted).to.deep.equal([{ message: SEARCH, targetOrigin: location.origin }]);
    await sleep(50);
    expect(messages, 'nothing on the channel').to.deep.equal([]);
  });

  it('posts to the opener origin it is given, even when the opener cannot be read', async () => {
    const { opener, posted } = fakeOpener({ origin: 'unreadable' });
    stubOpener(opener);
    expect(await handBack(SEARCH, 'https://partner.example')).to.equal(true);
    expect(posted).to.deep.equal([{ message: SEARCH, targetOrigin: 'https://partner.example' }]);
  });

  const notOurs: Array<[string, { closed?: boolean; origin: string | 'unreadable' } | null]> = [
    ['an opener of another origin (unreadable)', { origin: 'unreadable' }],
    ['an opener that reads as another origin', { origin: 'https://elsewhere.example' }],
    ['a closed opener', { closed: true, origin: location.origin }],
    ['no opener', null],
  ];
  for (const [what, options] of notOurs) {
    it(`posts nothing to ${what}, offers the result on the channel, and resolves false after ~1 s when nobody takes it`, async () => {
      const { messages } = listenOnChannel();
      const fake = options && fakeOpener(options);
      stubOpener(fake?.opener ?? null);
      const startedAt = performance.now();
      const taken = await handBack(SEARCH);
      const elapsed = performance.now() - startedAt;
      expect(taken).to.equal(false);
      expect(fake?.posted ?? []).to.deep.equal([]);
      expect(messages).to.have.length(1);
      expect(messages[0]).to.include({ type: RESULT, search: SEARCH });
      expect(messages[0].id).to.be.a('string').and.not.empty;
      expect(elapsed).to.be.at.least(ACK_TIMEOUT_MS - 20).and.below(ACK_TIMEOUT_MS + 1000);
    });
  }
});

describe('handBack over the channel', () => {
  const SEARCH = '?client=ch&channels=[chK]';

  it('resolves true as soon as a listener acknowledges its id, and ignores acknowledgements of other ids', async () => {
    const { channel: other } = listenOnChannel();
    const frameTaken = () => (document.querySelector('iframe')?.contentWindow as (Window & { taken?: boolean }) | null)?.taken;
    let beforeOwnAck: boolean | undefined | 'not yet' = 'not yet';
    other.addEventListener('message', ({ data }: MessageEvent<{ type: string; id: string }>) => {
      if (data.type !== RESULT) return;
      other.postMessage({ type: ACK, id: `${data.id}-not` });
      other.postMessage({ type: 'dialog-onboarding:something', id: data.id });
      const timer = setTimeout(() => {
        beforeOwnAck = frameTaken();
        other.postMessage({ type: ACK, id: data.id });
      }, 300);
      undo.push(() => clearTimeout(timer));
    });
    // True (not the timeout's false), and only once its own id was acknowledged.
    expect(await handBackFromFrame(SEARCH)).to.equal(true);
    expect(beforeOwnAck, 'still waiting when its own id was acknowledged').to.equal(undefined);
  });

  it('resolves true for a waiting flow, which acknowledges and gets the search', async () => {
    const { messages } = listenOnChannel();
    const opened = openFlow('');
    opened.popup!.close(); // cut off, as by an isolated hub: only then does the channel serve
    expect(await handBackFromFrame(SEARCH)).to.equal(true);
    expect(opened.results).to.deep.equal([SEARCH]);
    expect(opened.flow!.isOpen).to.equal(false);
    expect(messages.map((message) => message.type)).to.deep.equal([RESULT, ACK]);
    expect(messages[1].id).to.equal(messages[0].id);
  });

  it('gives a result to the flow it names; a second copy to nobody; one naming a flow ended without it to the latest of its owner; an unknown one to the latest cut off', async () => {
    const older = openFlow('', undefined, undefined, 'partnerA hubA');
    const newer = openFlow('', undefined, undefined, 'partnerB hubB');
    older.popup!.close(); // both cut off
    newer.popup!.close();
    // The frame shares this tab's session storage, so its results name this tab, and the flow
    // the storage names, as our popups' do: the newer flow's now.
    expect(sessionStorage.getItem(FLOW)).to.equal(newer.flow!.id);
    expect(await handBackFromFrame('?client=first&channels=[ch1]')).to.equal(true);
    expect(newer.results).to.deep.equal(['?client=first&channels=[ch1]']);
    expect(older.results).to.deep.equal([]);

    // A second copy (a redirect page holding both elements hands back twice): nobody's.
    expect(await handBackFromFrame('?client=first&channels=[ch1]')).to.equal(false);
    expect(older.results).to.deep.equal([]);

    // A flow ended without its result (its button removed): the latest flow of the same owner
    // takes that popup's result (a button re-created in its place), even while its own popup
    // shows; a flow of another owner never does.
    const gone = openFlow('', undefined, undefined, 'partnerB hubB');
    gone.popup!.close();
    gone.flow!.dispose();
    const again = openFlow('', undefined, undefined, 'partnerB hubB');
    sessionStorage.setItem(FLOW, gone.flow!.id);
    expect(await handBackFromFrame('?client=third&channels=[ch3]')).to.equal(true);
    expect(again.results).to.deep.equal(['?client=third&channels=[ch3]']);
    expect(older.results).to.deep.equal([]);
    // …and a second copy of that result is nobody's, even with another flow of that owner waiting.
    const sameOwner = openFlow('', undefined, undefined, 'partnerB hubB');
    sameOwner.popup!.close();
    sessionStorage.setItem(FLOW, gone.flow!.id);
    expect(await handBackFromFrame('?client=third&channels=[ch3]')).to.equal(false);
    expect(sameOwner.results).to.deep.equal([]);
    sameOwner.flow!.dispose();

    // Named for no flow this page knows (a popup of the page before a reload): the latest cut off.
    sessionStorage.setItem(FLOW, 'flow-of-an-earlier-page');
    expect(await handBackFromFrame('?client=fourth&channels=[ch4]')).to.equal(true);
    expect(older.results).to.deep.equal(['?client=fourth&channels=[ch4]']);
  });

  it('gives a result naming a flow ended without it to a cut-off flow of its owner before a later one whose popup shows', async () => {
    const gone = openFlow('', undefined, undefined, 'partnerC hubC');
    gone.popup!.close();
    gone.flow!.dispose(); // its button removed
    const cutOffSame = openFlow('', undefined, undefined, 'partnerC hubC');
    cutOffSame.popup!.close(); // waiting for its own cut-off popup
    const showingSame = openFlow('', undefined, undefined, 'partnerC hubC'); // later, its popup in use
    sessionStorage.setItem(FLOW, gone.flow!.id);
    expect(await handBackFromFrame('?client=orphan&channels=[chO]')).to.equal(true);
    expect(cutOffSame.results).to.deep.equal(['?client=orphan&channels=[chO]']);
    expect(showingSame.results).to.deep.equal([]);
    expect(showingSame.popup!.closed, 'the popup in use stays').to.equal(false);
  });

  it('leaves a result from another tab\'s popup alone, even with a cancelled flow waiting here', async () => {
    const cancelled = openFlow('');
    cancelled.popup!.close();
    await waitUntil(() => cancelled.cancels === 1, 'the flow reports its cancel', { timeout: CANCEL_WAIT_MS + 500 });
    const ours = sessionStorage.getItem(TAB);
    expect(ours, 'opening a popup named this tab').to.be.a('string').and.not.equal('');
    // As the redirect page in another tab's popup posts it: named for that tab.
    const other = new BroadcastChannel('dialog-onboarding');
    other.postMessage({ type: RESULT, id: 'x', search: '?client=other&channels=[chO]', tab: 'another-tab' });
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cancelled.results).to.deep.equal([]);
    // The same result named for this tab is taken.
    const channel = new BroadcastChannel('dialog-onboarding');
    channel.postMessage({ type: RESULT, id: 'y', search: '?client=ours&channels=[chO]', tab: ours });
    channel.close();
    await waitUntil(() => cancelled.results.length === 1, 'the flow takes a result named for its tab');
    expect(cancelled.results).to.deep.equal(['?client=ours&channels=[chO]']);
  });

  it('gives an unnamed result (session storage blocked in the popup) to the latest cut-off flow', async () => {
    const older = openFlow('');
    const newer = openFlow('');
    older.popup!.close();
    newer.popup!.close();
    const ours = sessionStorage.getItem(TAB)!;
    sessionStorage.removeItem(TAB); // the frame then names no tab
    try {
      expect(await handBackFromFrame('?client=unnamed&channels=[chU]')).to.equal(true);
    } finally {
      sessionStorage.setItem(TAB, ours);
    }
    expect(newer.results).to.deep.equal(['?client=unnamed&channels=[chU]']);
    expect(older.results).to.deep.equal([]);
  });

  it('gives no channel result to a flow whose popup is open: its popup hands back itself', async () => {
    const opened = openFlow('');
    expect(await handBackFromFrame('?client=forged&channels=[chF]')).to.equal(false);
    expect(opened.results).to.deep.equal([]);
    expect(opened.flow!.isOpen).to.equal(true);
  });

  it('gives a result to a flow that lost sight of its popup before a newer one whose popup is open', async () => {
    const cutOff = openFlow('');
    const newer = openFlow('');
    cutOff.popup!.close(); // as an isolated hub does: the opener sees `closed`
    await waitUntil(() => cutOff.cancels === 1, 'the cut-off flow reports its cancel', { timeout: CANCEL_WAIT_MS + 500 });
    expect(await handBackFromFrame('?client=late&channels=[chLate]')).to.equal(true);
    expect(cutOff.results).to.deep.equal(['?client=late&channels=[chLate]']);
    expect(newer.results).to.deep.equal([]);
    expect(newer.flow!.isOpen).to.equal(true);
  });
});
