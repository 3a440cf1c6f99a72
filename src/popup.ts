/**
 * One popup flow, both sides of it, and no rendering:
 * - the opener side (`PopupFlow`): open the window, watch it, accept the
 *   hand-back only from it, close it;
 * - the popup side (`handBack`): give `location.search` to whoever opened us.
 * The hand-back is the string 360dialog's guide posts, so either side also
 * works with a page written from the guide.
 */
import { flowId, nameTab, rememberFlow, takeFullPageFlow, tabId } from './session.js';

/**
 * Same-origin channel for the hand-back when the popup was cut off from its
 * opener: a page that sends `Cross-Origin-Opener-Policy` (an isolated hub)
 * leaves the callback page without `window.opener`.
 */
const CHANNEL_NAME = 'dialog-onboarding';
const RESULT = 'dialog-onboarding:result';
const ACK = 'dialog-onboarding:ack';

/**
 * `id` names one hand-back (its ack answers it). `tab` and `flow` name the tab whose popup it
 * comes from and the flow it was opened for, as the popup's copy of that tab's session storage
 * has them: flows in other tabs leave it alone, and in the tab the named flow takes it.
 */
type ResultMessage = { type: typeof RESULT; id: string; search: string; tab?: string | null; flow?: string | null };
type ChannelMessage = ResultMessage | { type: typeof ACK; id: string };

/** A random ID: names, not secrets (any page of this origin can read the channel). */
const newId = () => Math.random().toString(36).slice(2);

/** How often the opener checks whether the popup is still there. */
const POLL_MS = 400;

/** How long a popup waits for a button in another tab to take its result. */
export const ACK_TIMEOUT_MS = 1000;

export interface PopupFlowHandlers {
  /** A hand-back from our popup arrived: the popup's `location.search`, unchecked. */
  result(search: string): void;
  /** The popup went away without a result. A late result may still follow. */
  cancel(): void;
}

/** The guide's window features (600×900), centered over this window. */
function centeredFeatures(): string {
  const left = Math.max(0, screenX + (outerWidth - 600) / 2);
  const top = Math.max(0, screenY + (outerHeight - 900) / 2);
  return `toolbar=no,menubar=no,width=600,height=900,left=${left | 0},top=${top | 0}`;
}

/** Flows waiting for a result over the channel, oldest first; the channel lives while any wait. */
const waiting = new Set<PopupFlow>();
/**
 * What this page knows of a flow a result names, by the flow's ID:
 * - absent: a flow still waiting, or one this page never opened (see takerOf);
 * - its owner: it ended without its result (its button removed, re-created or closed): the
 *   result is for a flow of the same owner only;
 * - `null`: its result is in (taken by it, or by a flow that took it over): a second copy is
 *   nobody's.
 */
const ended = new Map<string, string | null>();
let channel: BroadcastChannel | undefined;

/**
 * The waiting flow a channel result is for, if any. Any page of this origin with a result in its
 * URL can post to the channel, so this is the door a forged result would use:
 * - a result from another tab's popup is that tab's, even for a flow the client cancelled here;
 * - a flow that took over a popup (a click again after an isolated hub's early cancel) takes that
 *   popup's result, whether it sees its own popup or not;
 * - a result naming a flow of this page that ended without one (its button was removed,
 *   re-created or closed) goes to a flow of the same owner (the same partner and hub: the
 *   re-created button, or another button of that configuration), the latest cut off first,
 *   else the latest even while its popup shows; never to another configuration's; one naming
 *   a flow whose result is in (a page holding both elements hands back twice) to nobody;
 * - otherwise only a flow that cannot see its popup (cut off) takes one, as one whose popup is
 *   there hears from it directly: the flow named, else the latest (the page was reloaded since,
 *   or storage is blocked in the popup, so the result names no flow this page knows).
 */
function takerOf(result: ResultMessage): PopupFlow | undefined {
  if (result.tab && result.tab !== tabId()) return undefined;
  const flows = [...waiting];
  const cutOff = flows.filter((flow) => flow.cutOff);
  const owner = ended.get(result.flow!);
  return (
    flows.find((flow) => flow.earlierIds.includes(result.flow!)) ??
    (owner !== undefined
      ? (cutOff.filter((flow) => flow.owner === owner).at(-1) ?? flows.filter((flow) => flow.owner === owner).at(-1))
      : (cutOff.find((flow) => flow.id === result.flow) ?? cutOff.at(-1)))
  );
}

function onChannelMessage({ data }: MessageEvent<ChannelMessage>): void {
  if (data?.type !== RESULT || typeof data.search != 'string') return;
  const flow = takerOf(data);
  if (!flow) return;
  channel?.postMessage({ type: ACK, id: data.id } satisfies ChannelMessage);
  flow.receive(data.search, data.flow);
}

function waitOnChannel(flow: PopupFlow): () => void {
  waiting.add(flow);
  channel ??= new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = onChannelMessage;
  return () => {
    waiting.delete(flow);
    if (!waiting.size) {
      channel?.close();
      channel = undefined;
    }
  };
}

/** The opener side of one attempt: from `window.open` to a result, a cancel or `dispose()`. */
export class PopupFlow {
  /** Names this flow to its popup's redirect page (see `ChannelMessage`). */
  readonly id: string;
  /** The IDs of the flows it took over (a click again after an isolated hub's early cancel), and theirs. */
  readonly earlierIds: string[];
  /** Who opened it, opaque (the button's partner and hub): a flow ended without its result leaves that to another of the same owner. */
  readonly owner: string;
  readonly #popup: Window;
  readonly #handlers: PopupFlowHandlers;
  /**
   * Aborted once the popup is gone (a cancel) or the flow ends: stops the message listener
   * and the poll, and the work done on the flow's behalf (fetching parameters).
   */
  readonly #watch = new AbortController();
  /** Leaves the channel wait, which outlives a cancel: see the poll below. */
  readonly #leaveChannel: (() => void) | undefined;

  /**
   * Opens the popup, synchronously: call it inside the click handler, before any
   * `await`, or browsers block it. Returns `null` when the browser blocked it.
   * With `url` empty the popup shows `preparingText` until `navigate()`.
   */
  static open(
    url: string,
    name: string,
    expectedOrigin: string,
    handlers: PopupFlowHandlers,
    preparingText = 'Preparing…',
    earlierIds: string[] = [],
    owner = '',
  ): PopupFlow | null {
    // Before the popup exists: it starts with a copy of this tab's session storage.
    const id = newId();
    nameTab();
    rememberFlow(id);
    const popup = window.open(url || 'about:blank', name, centeredFeatures());
    if (!popup) return null;
    if (!url) {
      try {
        // A fresh about:blank popup is same-origin with us; text only, never HTML.
        popup.document.title = popup.document.body.textContent = preparingText;
      } catch {
        // A window of that name already showed another origin: it still works, just without the text.
      }
    }
    return new PopupFlow(id, earlierIds, owner, popup, expectedOrigin, handlers);
  }

  private constructor(id: string, earlierIds: string[], owner: string, popup: Window, expectedOrigin: string, handlers: PopupFlowHandlers) {
    this.id = id;
    this.earlierIds = earlierIds;
    this.owner = owner;
    this.#popup = popup;
    this.#handlers = handlers;

    const { signal } = this.#watch; // every listener below ends with the flow
    addEventListener(
      'message',
      (event) => {
        // Silently discard messages not meant for us: any window, frame or
        // extension can post to this page. Only our popup, from the redirect's origin.
        if (event.source !== popup || event.origin !== expectedOrigin || typeof event.data != 'string') return;
        this.receive(event.data);
      },
      { signal },
    );
    // The page that started the flow is going away (a reload, a navigation): nobody will be here
    // to take the result, so the popup closes now instead of handing back to no one.
    addEventListener('pagehide', (event) => event.persisted || this.dispose(), { signal });

    // `closed` is the only signal that the client closed the window. It also
    // reads true at once when the hub cut the popup off (COOP), so a cancel is
    // not final: the channel wait stays until a result or `dispose()`.
    // A hand-back is posted just before the popup closes itself, so a close
    // counts only when seen on two polls in a row: the message wins the race.
    let closedSeen = false;
    const poll = setInterval(() => {
      if (!popup.closed) return;
      if (!closedSeen) return void (closedSeen = true);
      this.#watch.abort(); // a gone or cut-off window posts nothing more
      handlers.cancel();
    }, POLL_MS);
    signal.addEventListener('abort', () => clearInterval(poll));
    // The channel reaches pages of this origin only: a redirect page elsewhere can never use it.
    if (expectedOrigin === location.origin) this.#leaveChannel = waitOnChannel(this);
  }

  /** Whether this page has lost sight of the popup: closed, or cut off by an isolated hub. */
  get cutOff(): boolean {
    return this.#popup.closed;
  }

  /** Whether the popup is (as far as this page can tell) still showing the flow. */
  get isOpen(): boolean {
    return !this.signal.aborted;
  }

  /** Aborted when the flow ends, for work done on its behalf (fetching parameters). */
  get signal(): AbortSignal {
    return this.#watch.signal;
  }

  focus(): void {
    this.#popup.focus();
  }

  /** Sends the popup to `url` (after the parameters were prepared). */
  navigate(url: string): void {
    this.#popup.location.replace(url);
  }

  /**
   * Takes a hand-back (called for checked messages and channel results); `named` is the flow a
   * channel result names, when another than this one (a flow of the same owner that ended).
   */
  receive(search: string, named?: string | null): void {
    // The result is in: a second copy of it, naming this flow, one it took over or the one it
    // was named for, is nobody's.
    for (const id of [this.id, ...this.earlierIds, named]) if (id) ended.set(id, null);
    this.dispose();
    this.#handlers.result(search);
  }

  /**
   * Ends the flow: closes the popup if open, releases every listener, timer and channel.
   * Idempotent. With `keepWaiting`, the channel wait stays (for a popup it took over).
   */
  dispose(keepWaiting = false): void {
    if (this.isOpen && !this.#popup.closed) this.#popup.close();
    this.#watch.abort();
    if (keepWaiting) return;
    this.#leaveChannel?.();
    if (!ended.has(this.id)) ended.set(this.id, this.owner); // one whose result is in stays so
  }
}

/** Whether `opener` is a window of this origin (reading its location throws otherwise). */
function isSameOrigin(opener: Window): boolean {
  try {
    return opener.location.origin === location.origin;
  } catch {
    return false;
  }
}

/**
 * The popup side: hands `search` (this page's `location.search`) back.
 * To `window.opener` when there is one, posted to `openerOrigin` only (never
 * `*`); else over the channel to a button of this origin that waits for it.
 * Never from a tab that left for the hub itself (full-page mode).
 * Resolves to whether anyone took it; the caller then closes the window.
 */
export async function handBack(search: string, openerOrigin = location.origin): Promise<boolean> {
  const opener = window.opener as Window | null;
  // A tab that left for the hub itself keeps its result, opener or not: its opener did not open
  // it for this flow, and a flow waiting in another tab must not take it from the client who is
  // looking at this one. (This costs a session storage read, about 1 ms in a fresh popup.)
  if (takeFullPageFlow() !== null) return false;
  // A cross-origin opener we were not told about is not ours: a tab that opened this one, say.
  if (opener && !opener.closed && (openerOrigin !== location.origin || isSameOrigin(opener))) {
    opener.postMessage(search, openerOrigin);
    return true;
  }
  return new Promise((resolve) => {
    const handBackChannel = new BroadcastChannel(CHANNEL_NAME);
    const id = newId();
    const finish = (taken: boolean) => {
      clearTimeout(timer);
      handBackChannel.close();
      resolve(taken);
    };
    const timer = setTimeout(finish, ACK_TIMEOUT_MS, false);
    handBackChannel.onmessage = ({ data }: MessageEvent<ChannelMessage>) => {
      if (data?.type === ACK && data.id === id) finish(true);
    };
    handBackChannel.postMessage({ type: RESULT, id, search, tab: tabId(), flow: flowId() } satisfies ChannelMessage);
  });
}
