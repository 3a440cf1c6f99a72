/**
 * The button's attempts, as a Lit reactive controller: it opens the popup (or sends the tab to the
 * hub), asks for per-attempt parameters, watches the popup, takes a hand-back only from it (or, once
 * an isolated hub cut it off, from its channel), and ends every attempt when its host leaves the
 * page. The element wires its attributes in; the controller dispatches the events on it. The
 * popup's side is `page-result.ts`.
 * Why each rule is what it is: docs/flow.md.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { dropEarlierPages, pendingAttempts, randomId, recordAttempt, setState, takeOwnAttempt } from './attempt.js';
import { waitOnChannel } from './channel.js';
import { emit, emitError, emitResult } from './events.js';
import { reporters, type PageReporter } from './page-result.js';
import type { QueryParameters } from './protocol.js';

// As the page loads, where buttons run (docs/flow.md, "Taking over").
dropEarlierPages();

/** One attempt's settings, read from the element's attributes and checked. */
export interface OnboardingSettings {
  /** The permissions screen alone (hub and partner): the configuration an attempt is recorded for. */
  configuration: string;
  /** The permissions URL, with the prefill and the per-attempt `extra` parameters. */
  link(extra?: QueryParameters): string;
  /** The redirect URL's origin: the only one a hand-back is taken from. */
  expectedOrigin: string;
  /** Asks for the attempt's own parameters (aborted once it ends); rejecting fails the attempt. `undefined`: none. */
  perAttempt?: ((signal: AbortSignal) => Promise<QueryParameters>) | undefined;
}

/**
 * The element whose attempts a controller runs. The controller dispatches the attempts' events on
 * it (`onboarded`, `revoked`, `onboarding-cancel`, `onboarding-error`), and gives keyboard focus
 * back to the first `<button>` of its render root when the popup took it away.
 */
export interface OnboardingHost extends ReactiveElement {
  /** Set by the controller: whether an attempt is under way (popup shown, parameters prepared, tab leaving). */
  busy: boolean;
}

export class OnboardingController implements ReactiveController {
  readonly #host: OnboardingHost;
  /** The host's settings now; throws what is wrong with them. */
  readonly #settings: () => OnboardingSettings;
  /** One window name per button, so two buttons (or two copies of the library) never steer each other's popup. */
  readonly #windowName = 'integratedOnboardingWindow-' + randomId();
  /** The latest popup: a click brings it to the front while it is open. */
  #popup: Window | undefined;
  /** The attempt under way; aborting it stops its listeners, poll and preparation, and closes its popup if still open (forgetting its record: no result can come). */
  #current: AbortController | undefined;
  /** The attempt preparing its parameters: no other starts meanwhile. */
  #preparing: AbortSignal | undefined;
  /** By secret, how to end each attempt still waiting for its result on its channel (the latest, earlier ones cut off, ones taken over); `keepRecord`: keeps its record. */
  readonly #waiting = new Map<string, (keepRecord?: boolean) => void>();
  /** The host's configuration, `undefined` while it is misconfigured. */
  readonly #configuration = (): string | undefined => {
    try {
      return this.#settings().configuration;
    } catch {
      // misconfigured: no configuration (undefined)
    }
  };
  /** One report per result, and every attempt ends with it. A field, so that it can be handed on as it is. */
  readonly #result = (search: string): void => {
    this.#end();
    this.#refocus();
    // parseRedirectQuery (protocol.ts), then `onboarded`, `revoked`, a cancel for no change, or `invalid-result`.
    emitResult(this.#host, search);
  };
  /** How a result in this page's own URL (a full-page return) finds this host (page-result.ts). */
  readonly #reporter: PageReporter = { configuration: this.#configuration, report: this.#result };

  constructor(host: OnboardingHost, settings: () => OnboardingSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  hostConnected(): void {
    reporters.add(this.#reporter);
    // Nothing to take over (most pages): no timer, so a thousand buttons schedule none.
    if (!pendingAttempts().length) return;
    // A task later: a framework may set the attributes just after inserting the element, and one
    // inserted and removed in a single task takes nothing over.
    setTimeout(() => {
      const configuration = this.#host.isConnected && this.#configuration();
      if (!configuration) return;
      // Not those it waits for itself (it was moved, not re-created).
      for (const attempt of pendingAttempts(configuration)) {
        if (!this.#waiting.has(attempt.secret)) this.#waiting.set(attempt.secret, waitOnChannel(attempt, this.#result));
      }
    });
  }

  hostDisconnected(): void {
    reporters.delete(this.#reporter);
    // A move (disconnect and connect in one task) keeps the attempts; a removal releases them,
    // keeping the records a button re-created here takes over.
    queueMicrotask(() => this.#host.isConnected || this.#end(true /* keep records */));
  }

  /**
   * Starts an attempt: a popup, or with `fullPage` this tab sent to the hub. Call it in a click:
   * the popup opens synchronously, or browsers block it. Not while the popup is open (this brings
   * it to the front instead), nor while an attempt prepares its parameters. An attempt still under
   * way otherwise is over, and ends here without a cancel: a popup closed since the last poll, or a
   * full-page attempt whose tab stayed (the client chose "Stay").
   */
  open(fullPage?: boolean): void {
    const popup = this.#popup;
    if (popup && !popup.closed) return popup.focus();
    if (this.#preparing) return;
    this.#stop();
    let settings: OnboardingSettings;
    try {
      settings = this.#settings();
    } catch (error) {
      return emitError(this.#host, 'invalid-config', (error as Error).message);
    }
    if (fullPage) this.#leave(settings);
    else this.#openPopup(settings);
  }

  /** Opens the popup, still in the click, and watches it. */
  #openPopup(settings: OnboardingSettings): void {
    // Before the popup exists: its copy of this tab's storage is the only one holding `opening`.
    // Only for a redirect page of this origin: another origin cannot read this storage.
    const attempt = settings.expectedOrigin === location.origin ? recordAttempt(settings.configuration, 'opening') : undefined;
    let popup: Window | null | undefined;
    try {
      // '' rather than 'about:blank': Firefox 140 then loads a second blank page over the "Preparing…" text.
      // The guide's window features (written here, not as a constant: esbuild then keeps no variable for it).
      popup = window.open(settings.perAttempt ? '' : settings.link(), this.#windowName, 'toolbar=no,menubar=no,width=600,height=900');
    } finally {
      // No window, also when `open` threw (Chromium, on a page no longer fully active): no `opening` record stays.
      if (attempt) setState(attempt, popup ? 'open' : null);
    }
    if (!popup) return emitError(this.#host, 'popup-blocked', 'Popup blocked: allow popups');
    const signal = this.#start();
    this.#popup = popup;
    // The hub redirects the popup to the redirect page, which posts its `location.search` here, or
    // on the attempt's channel once an isolated hub cut it off (page-result.ts, docs/flow.md).
    const wait = attempt && waitOnChannel(attempt, this.#result);
    if (wait) this.#waiting.set(attempt.secret, wait);
    addEventListener(
      'message',
      (event) => {
        // Any window, frame or extension can post to this page: only our popup, from the redirect's origin.
        if (event.source === popup && event.origin === settings.expectedOrigin && typeof event.data == 'string') this.#result(event.data);
      },
      { signal },
    );
    // The page is going away (reload, navigation): close a popup nobody will be here to hear.
    addEventListener('pagehide', (event) => event.persisted || this.#end(true /* keep records */), { signal });
    // `closed` reads true when the client closed the window, and also at once when an isolated
    // hub cut it off (COOP): so a cancel is not final, the channel wait stays. A hand-back is
    // posted just before the popup closes itself, so a close counts when seen on two polls: the
    // one before saw it closed (`closed` never turns false again).
    let closedBefore: boolean | undefined; // undefined before the first poll: not seen closed
    const poll = setInterval(() => {
      if (closedBefore) {
        this.#stop();
        this.#refocus();
        // `lateResult: false`: no channel waits, so an isolated hub's hand-back cannot reach us.
        emit(this.#host, 'onboarding-cancel', wait && navigator.locks ? {} : { lateResult: false });
      }
      closedBefore = popup.closed;
    }, 400); // ms: how often the opener checks whether the popup is still there
    signal.addEventListener('abort', () => {
      clearInterval(poll);
      if (popup.closed) return;
      // Closed by us, the popup can bring no result: its record goes too.
      popup.close();
      if (wait && this.#waiting.delete(attempt.secret)) wait();
    });
    if (settings.perAttempt) {
      try {
        // A fresh about:blank popup is same-origin with us; text only, never HTML.
        popup.document.title = popup.document.body.textContent = 'Preparing…';
      } catch {
        // Not ours to write (the browser kept a window of this name at another origin): no text, still works.
      }
      void this.#prepare(settings, signal, (url) => popup.location.replace(url));
    }
  }

  /** Full-page mode: sends this tab to the hub, once any per-attempt parameters are in. */
  #leave(settings: OnboardingSettings): void {
    const signal = this.#start();
    const go = (url: string) => {
      // Recorded as the page goes, for the page this tab comes back to: a window opened from the
      // tab before then (a cross-site frame's) copies no `left` record. Not tied to the attempt:
      // a click or a removal after `assign` must not lose the record of a tab that leaves.
      addEventListener('pagehide', () => {
        recordAttempt(settings.configuration, 'left');
        // Shown again from the back/forward cache (the client came Back): live again, it needs no
        // record, and is ready for another attempt.
        addEventListener('pageshow', () => (takeOwnAttempt(), this.#stop()), { once: true });
      }, { once: true });
      location.assign(url);
    };
    if (settings.perAttempt) void this.#prepare(settings, signal, go);
    else go(settings.link());
  }

  /** Ends every attempt: closes the popup, stops listening, forgets the records. */
  close(): void {
    this.#end();
  }

  /** A new attempt under way (`open()` ended the one before). */
  #start(): AbortSignal {
    this.#current = new AbortController();
    this.#host.busy = true;
    return this.#current.signal;
  }

  /** Ends the attempt under way, if any; the channel waits of earlier, cut-off popups stay. */
  #stop(): void {
    const current = this.#current;
    this.#current = this.#preparing = undefined;
    if (!current) return;
    current.abort();
    this.#host.busy = false;
  }

  /** Asks for the attempt's parameters, then `go`es to the hub with them. */
  async #prepare(settings: OnboardingSettings, signal: AbortSignal, go: (url: string) => void): Promise<void> {
    this.#preparing = signal;
    try {
      const extra = await settings.perAttempt!(signal);
      // Not when ended meanwhile, by `#stop()`, which let another attempt prepare.
      if (!signal.aborted) {
        this.#preparing = undefined;
        go(settings.link(extra));
      }
    } catch (error) {
      if (!signal.aborted) {
        this.#stop(); // never a hub with a partial link
        // Whatever was thrown (a string, say), the message names it.
        emitError(this.#host, 'prepare-failed', `Could not prepare the onboarding link: ${(error as Error | undefined)?.message ?? error}`);
      }
    }
  }

  /** Ends every attempt and removes their records; `keepRecord` (a removal, a page hide): keeps those of popups it could not close (cut off), for a re-created button or the reloaded page. */
  #end(keepRecord?: boolean): void {
    this.#stop();
    for (const end of this.#waiting.values()) end(keepRecord);
    this.#waiting.clear();
  }

  /** The popup is gone: keyboard focus back on the host's button, if the popup took it away. */
  #refocus(): void {
    const body = document.body;
    if ((document.activeElement ?? body) === body) this.#host.renderRoot.querySelector('button')?.focus();
  }
}
