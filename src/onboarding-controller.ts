/**
 * The button's attempts, as a Lit reactive controller: it opens the popup (or sends the tab to the
 * hub), asks for per-attempt parameters, keeps every attempt that still waits for its result, and
 * ends them all when its host leaves the page. The element wires attributes in and events out.
 * Why each rule is what it is: docs/flow.md.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pendingAttempts, randomId, recordAttempt } from './attempt.js';
import { waitOnChannel } from './channel.js';
import { buttons, type PageReporter } from './page-result.js';
import { PopupFlow } from './popup.js';
import { prepareParameters, type PrepareParameters } from './prepare.js';
import type { QueryParameters } from './protocol.js';

/** One attempt's settings, read from the element's attributes and checked. */
export interface OnboardingSettings {
  /** The permissions screen alone (hub and partner): the configuration an attempt is recorded for. */
  configuration: string;
  /** The permissions URL, with the prefill and the per-attempt `extra` parameters. */
  link(extra?: QueryParameters): string;
  partnerId: string;
  /** The prefill (`queryParameters`), as `prepare` is told it. */
  base: QueryParameters;
  /** The redirect URL's origin: the only one a hand-back is taken from. */
  expectedOrigin: string;
  /** Per-attempt parameters, asked for on each attempt; `undefined`: none. */
  prepare?: PrepareParameters | undefined;
  /** Milliseconds `prepare` may take. */
  prepareTimeout: number;
}

/** What the controller tells its host. */
export interface OnboardingControllerOptions {
  /** The host's settings now, or what is wrong with them. */
  settings(): OnboardingSettings | string;
  /** A result for one of the host's attempts: the redirect query, unchecked. */
  onResult(search: string): void;
  /** The popup went away without a result; `lateResult`: whether one may still come. */
  onCancel(lateResult: boolean): void;
  /** The per-attempt parameters could not be had: the attempt ended. */
  onPrepareFailed(message: string): void;
  /** An attempt is now under way (popup shown, parameters prepared, tab leaving), or none is. */
  onBusy(busy: boolean): void;
}

export class OnboardingController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: OnboardingControllerOptions;
  /** One window name per button, so two buttons (or two copies of the library) never steer each other's popup. */
  readonly #windowName = `integratedOnboardingWindow-${randomId()}`;
  /** The latest popup attempt: the one a click focuses while it shows. */
  #flow: PopupFlow | undefined;
  /** How to end each attempt still waiting for its result (the latest, earlier ones cut off, ones taken over); `forget`: remove its record too. */
  readonly #waiting = new Set<(forget: boolean) => void>();
  /** A full-page attempt under way, until the tab leaves, comes back from the cache, or close(). */
  #leaving: AbortController | undefined;
  /** The attempt preparing its parameters, if any: aborted once it ends. */
  #preparing: AbortSignal | undefined;
  /** How the page's result, and a taken-over attempt's, find this host (page-result.ts). */
  readonly #reporter: PageReporter;

  constructor(host: ReactiveControllerHost & HTMLElement, options: OnboardingControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#reporter = {
      configuration: () => this.#configuration(),
      reportHere: (search) => this.#result(search),
    };
    host.addController(this);
  }

  hostConnected(): void {
    buttons.add(this.#reporter);
    // A task later: the element this one replaces releases its attempts at the end of its own task.
    setTimeout(() => {
      const configuration = this.#host.isConnected && this.#configuration();
      if (configuration) for (const attempt of pendingAttempts(configuration)) this.#waiting.add(waitOnChannel(attempt, (search) => this.#result(search), true));
    });
  }

  hostDisconnected(): void {
    buttons.delete(this.#reporter);
    // A move (disconnect and connect in one task) keeps the attempts; a removal releases them,
    // keeping the records a button re-created here takes over.
    queueMicrotask(() => this.#host.isConnected || this.#end(false));
  }

  /** Whether a click now only brings the attempt's popup to the front (it did, if so). */
  focus(): boolean {
    if (!this.#flow?.showing) return false;
    this.#flow.focus();
    return true;
  }

  /**
   * Whether a new attempt may start: not while one prepares its parameters. A full-page attempt
   * whose tab is still here did not leave (the client chose "Stay"): it is over now.
   */
  begin(): boolean {
    if (this.#preparing?.aborted === false) return false;
    if (this.#leaving) this.close();
    return true;
  }

  /**
   * Opens the popup, synchronously: call it in the click, or browsers block the popup.
   * Returns `false` when the browser blocked it.
   */
  openPopup(settings: OnboardingSettings): boolean {
    const { prepare } = settings;
    const flow = PopupFlow.open({
      url: prepare ? '' : settings.link(),
      name: this.#windowName,
      expectedOrigin: settings.expectedOrigin,
      configuration: settings.configuration,
      onResult: (search) => this.#result(search),
      onCancel: (lateResult) => {
        if (flow !== this.#flow) return; // a click already started another attempt in its place
        this.#options.onBusy(false);
        this.#options.onCancel(lateResult);
      },
    });
    if (!flow) return false;
    const end = (forget: boolean) => flow.dispose(forget);
    this.#flow = flow;
    this.#waiting.add(end);
    this.#options.onBusy(true);
    if (prepare) {
      void this.#prepare(settings, prepare, flow.signal, (url) => flow.navigate(url), () => {
        flow.dispose();
        this.#waiting.delete(end);
        this.#options.onBusy(false);
      });
    }
    return true;
  }

  /** Full-page mode: sends this tab to the hub, once any per-attempt parameters are in. */
  leave(settings: OnboardingSettings): void {
    this.#options.onBusy(true);
    const leaving = (this.#leaving = new AbortController());
    // Back from the hub through the back/forward cache: this page is ready again. (`pageshow`
    // also comes once at the end of the first load: a click before then is no return.)
    addEventListener('pageshow', (event) => event.persisted && this.close(), { signal: leaving.signal });
    const go = (url: string) => {
      recordAttempt(settings.configuration, 'left'); // for the page this tab comes back to
      location.assign(url);
    };
    if (!settings.prepare) return go(settings.link());
    void this.#prepare(settings, settings.prepare, leaving.signal, go, () => this.close());
  }

  /** Ends every attempt: closes the popup, stops listening, forgets the records. */
  close(): void {
    this.#end(true);
  }

  #configuration(): string | undefined {
    const settings = this.#options.settings();
    return typeof settings == 'string' ? undefined : settings.configuration;
  }

  /** Asks for the attempt's parameters, then `go`es to the hub with them; `fail` undoes the attempt. */
  async #prepare(settings: OnboardingSettings, prepare: PrepareParameters, signal: AbortSignal, go: (url: string) => void, fail: () => void): Promise<void> {
    this.#preparing = signal;
    try {
      const extra = await prepareParameters(prepare, { partnerId: settings.partnerId, parameters: settings.base, signal }, settings.prepareTimeout);
      if (!signal.aborted) go(settings.link(extra));
    } catch (error) {
      if (signal.aborted) return;
      fail(); // never a hub with a partial link
      // Whatever was thrown (a string, say), the message names it.
      this.#options.onPrepareFailed(`Could not prepare the onboarding link: ${(error as Error | undefined)?.message ?? error}`);
    } finally {
      if (this.#preparing === signal) this.#preparing = undefined;
    }
  }

  /** Ends every attempt; `forget`: remove their records too (a removal keeps those a re-created button takes over). */
  #end(forget: boolean): void {
    for (const end of this.#waiting) end(forget);
    this.#waiting.clear();
    this.#leaving?.abort();
    this.#flow = this.#leaving = undefined;
    this.#options.onBusy(false);
  }

  /** One report per result, and every attempt ends with it. */
  #result(search: string): void {
    this.#end(true);
    this.#options.onResult(search);
  }
}
