/**
 * One popup attempt, opener side, and no rendering: open the window, watch it, take the hand-back
 * only from it (or, once an isolated hub cut it off, from its channel), close it. The popup side
 * is `page-result.ts`. Why each rule is what it is: docs/flow.md.
 */
import { recordAttempt, setState } from './attempt.js';
import { waitOnChannel } from './channel.js';

/** How often the opener checks whether the popup is still there. */
const POLL_MS = 400;
/** The guide's window features. */
const FEATURES = 'toolbar=no,menubar=no,width=600,height=900';

export interface PopupFlowOptions {
  /** The permissions URL; empty: a same-origin blank page showing "Preparing…" until `navigate()`. */
  url: string;
  /** The window's name: one per button, so two buttons never steer each other's popup. */
  name: string;
  /** The redirect URL's origin: the only one a hand-back is taken from. */
  expectedOrigin: string;
  /** The button's permissions screen (hub and partner), recorded with the attempt. */
  configuration: string;
  /** A hand-back from this attempt's popup: its `location.search`, unchecked. */
  onResult(search: string): void;
  /** The popup went away without a result; `lateResult`: whether one may still come on the channel. */
  onCancel(lateResult: boolean): void;
}

/** The opener side of one attempt: from `window.open` to a result, a cancel or `dispose()`. */
export class PopupFlow {
  readonly #popup: Window;
  /** Aborted once the popup is gone or the flow ends: stops the listeners, the poll, and work done for the attempt. */
  readonly #watch = new AbortController();
  /** Ends the channel wait; `forget`: removes the attempt's record too. */
  readonly #stopWaiting: (forget?: boolean) => void;

  /**
   * Opens the popup, synchronously: call it inside the click handler, before any `await`, or
   * browsers block it. Returns `null` when the browser blocked it.
   */
  static open(options: PopupFlowOptions): PopupFlow | null {
    // Before the popup exists: its copy of this tab's storage is the only one holding `opening`.
    // Only for a redirect page of this origin: another origin cannot read this storage.
    const attempt = options.expectedOrigin === location.origin ? recordAttempt(options.configuration, 'opening') : undefined;
    const popup = window.open(options.url || 'about:blank', options.name, FEATURES);
    if (attempt) setState(attempt, popup ? 'open' : null);
    if (!popup) return null;
    if (!options.url) {
      try {
        // A fresh about:blank popup is same-origin with us; text only, never HTML.
        popup.document.title = popup.document.body.textContent = 'Preparing…';
      } catch {
        // A window of that name already showed another origin: it still works, just without the text.
      }
    }
    const flow: PopupFlow = new PopupFlow(popup, options, attempt && waitOnChannel(attempt, (search) => flow.#result(search, options)));
    return flow;
  }

  private constructor(popup: Window, options: PopupFlowOptions, stopWaiting?: (forget?: boolean) => void) {
    this.#popup = popup;
    this.#stopWaiting = stopWaiting ?? (() => {});
    const { signal } = this.#watch;
    addEventListener(
      'message',
      (event) => {
        // Silently discard messages not meant for us: any window, frame or extension can post
        // to this page. Only our popup, from the redirect's origin.
        if (event.source === popup && event.origin === options.expectedOrigin && typeof event.data == 'string') this.#result(event.data, options);
      },
      { signal },
    );
    // The page is going away (reload, navigation): close a popup nobody will be here to hear.
    addEventListener('pagehide', (event) => event.persisted || this.dispose(false), { signal });
    // `closed` reads true when the client closed the window, and also at once when an isolated
    // hub cut it off (COOP): so a cancel is not final, the channel wait stays. A hand-back is
    // posted just before the popup closes itself, so a close counts when seen on two polls.
    let closedSeen = false;
    const poll = setInterval(() => {
      if (!popup.closed) return;
      if (!closedSeen) return void (closedSeen = true);
      this.#watch.abort();
      options.onCancel(!!stopWaiting && !!navigator.locks);
    }, POLL_MS);
    signal.addEventListener('abort', () => clearInterval(poll));
  }

  /** Whether the popup still shows the attempt, as far as this page can tell (not closed, not cut off). */
  get showing(): boolean {
    return !this.#watch.signal.aborted && !this.#popup.closed;
  }

  /** Aborted when the popup is gone or the flow ends, for work done on its behalf (fetching parameters). */
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
   * Ends the flow: closes the popup if it shows, releases every listener, timer, lock and channel.
   * `forget` (the default) also removes the attempt's record; without it, a record stays while
   * the popup may still be there (cut off), for a button that takes it over. Idempotent.
   */
  dispose(forget = true): void {
    const showing = this.showing;
    if (showing) this.#popup.close();
    this.#watch.abort();
    this.#stopWaiting(forget || showing);
  }

  #result(search: string, options: PopupFlowOptions): void {
    this.dispose();
    options.onResult(search);
  }
}
