import { ReactiveElement, css, type PropertyValues } from '@lit/reactive-element';
import { randomId, recordAttempt } from './attempt.js';
import { h } from './dom.js';
import { emit, emitError, emitResult } from './events.js';
import { afterPageScripts, buttons, takePageResult, type PageReporter } from './page-result.js';
import { PopupFlow, takeOver } from './popup.js';
import { fetchParameters, prepareParameters, PREPARE_TIMEOUT_MS, type PrepareParameters } from './prepare.js';
import { DEFAULT_HUB_URL, httpUrl, permissionsUrl, toQueryParameters, type QueryParameters } from './protocol.js';

/** What a click needs, read from the attributes and checked once. */
interface Settings {
  /** The permissions screen alone (hub and partner): the configuration an attempt is recorded for. */
  configuration: string;
  /** The permissions URL with the prefill and `extra` parameters. */
  link(extra?: QueryParameters): string;
  base: QueryParameters;
  expectedOrigin: string;
  prepare: PrepareParameters | undefined;
}

/** An attempt the button waits for: a popup flow, or one taken over. */
interface Waiting {
  dispose(forget?: boolean): void;
}

/**
 * Starts 360dialog's Integrated Onboarding in a popup and reports its result.
 *
 * @event {OnboardedEvent} onboarded - The client granted at least one channel.
 * @event {RevokedEvent} revoked - The client removed access to at least one channel.
 * @event {OnboardingCancelEvent} onboarding-cancel - The popup went away without a result; a late result may follow.
 * @event {OnboardingErrorEvent} onboarding-error - `popup-blocked`, `invalid-result`, `prepare-failed` or `invalid-config`.
 * @slot - The button's label (default "Connect WhatsApp").
 * @csspart button - The native `<button>`.
 * @cssprop [--dialog-onboarding-button-background=#008069] - Background colour.
 * @cssprop [--dialog-onboarding-button-color=#fff] - Text colour.
 * @cssprop [--dialog-onboarding-button-padding=0.625em 1.25em] - Padding.
 * @cssprop [--dialog-onboarding-button-radius=0.375em] - Corner radius.
 * @cssprop [--dialog-onboarding-button-font=inherit] - Font shorthand (the page's font unless set).
 * @cssprop [--dialog-onboarding-button-border=none] - Border shorthand.
 * @cssprop [--dialog-onboarding-button-focus-ring=#008069] - Colour of the keyboard focus outline.
 */
export class DialogOnboardingButton extends ReactiveElement {
  static override properties = {
    partnerId: { attribute: 'partner-id' },
    hubUrl: { attribute: 'hub-url' },
    redirectUrl: { attribute: 'redirect-url' },
    parametersUrl: { attribute: 'parameters-url' },
    prepareTimeout: { attribute: 'prepare-timeout', type: Number },
    fullPage: { attribute: 'full-page', type: Boolean },
    disabled: { type: Boolean, reflect: true },
    busy: { type: Boolean, reflect: true },
    queryParameters: { attribute: false },
    prepareParameters: { attribute: false },
  };

  // Written compactly and unindented (no minifier touches css``): these bytes ship to every
  // partner's page. Busy darkens the background (white text only gains contrast);
  // `:host([busy])` and `[busy]` outside are the state selector.
  static override styles = css`
:host{display:inline-block}
button{font:var(--dialog-onboarding-button-font,inherit);color:var(--dialog-onboarding-button-color,#fff);background:var(--dialog-onboarding-button-background,#008069);padding:var(--dialog-onboarding-button-padding,.625em 1.25em);border:var(--dialog-onboarding-button-border,none);border-radius:var(--dialog-onboarding-button-radius,.375em);cursor:pointer}
button:focus-visible{outline:2px solid var(--dialog-onboarding-button-focus-ring,#008069);outline-offset:2px}
:host([busy]) button{cursor:progress;background-image:linear-gradient(#0003,#0003)}
button:disabled{cursor:not-allowed;opacity:.55}`;

  /** The Partner Hub's partner ID (required). */
  declare partnerId: string;
  /** Base of the permissions screen: `{hubUrl}/{partnerId}/permissions`. */
  declare hubUrl: string;
  /** Sent as `redirect_url`; its origin is the only one a hand-back is taken from. Default: the Partner Hub's setting. */
  declare redirectUrl: string;
  /** An endpoint asked (POST, JSON) for each attempt's parameters: an object of strings. */
  declare parametersUrl: string;
  /** Milliseconds the per-attempt parameters may take. */
  declare prepareTimeout: number;
  /** Navigates this tab to the hub instead of opening a popup (for browsers without popups). */
  declare fullPage: boolean;
  /** As on a native button. */
  declare disabled: boolean;
  /** Read-only: true while a flow is under way (popup open, or parameters being prepared). */
  declare busy: boolean;
  /** Prefill parameters (`email`, `name`, `state`, `partner`, `lang`, …), an object of strings. */
  declare queryParameters: QueryParameters;
  /** Per-attempt parameters from the partner's backend; wins over `parameters-url`. */
  declare prepareParameters: PrepareParameters | undefined;

  /** Each button its own window name, so two buttons (or two copies of the library) never steer each other's popup. */
  readonly #windowName = `integratedOnboardingWindow-${randomId()}`;
  /** The latest popup attempt: the one a click focuses while it shows. */
  #flow: PopupFlow | undefined;
  /** Every attempt still waiting for its result (the latest, earlier ones cut off, ones taken over). */
  readonly #waiting = new Set<Waiting>();
  /** A full-page attempt under way: preparing, or sent to the hub (until the tab leaves or close()). */
  #leaving: AbortController | undefined;
  /** The attempt preparing its parameters, if any: aborted once it ends. */
  #preparing: AbortSignal | undefined;

  /** The native button, the whole of the shadow root. */
  readonly #button: HTMLButtonElement = h('button', { part: 'button', type: 'button' }, h('slot', {}, 'Connect WhatsApp'));

  constructor() {
    super();
    this.#button.addEventListener('click', () => this.open());
    this.partnerId = this.redirectUrl = this.parametersUrl = '';
    this.hubUrl = DEFAULT_HUB_URL;
    this.prepareTimeout = PREPARE_TIMEOUT_MS;
    this.fullPage = this.disabled = this.busy = false;
    this.queryParameters = {};
  }

  /** How the page's result, and a taken-over attempt's, find this button. */
  readonly #reporter: PageReporter = {
    configuration: () => {
      const settings = this.#settings();
      return typeof settings == 'string' ? undefined : settings.configuration;
    },
    reportHere: (search) => this.#report(search),
  };

  override connectedCallback(): void {
    super.connectedCallback();
    buttons.add(this.#reporter);
    // The button's own page as the redirect page, in a popup: hand back, then close.
    void afterPageScripts().then(() => takePageResult()).then(({ outcome }) => outcome == 'handed-back' && window.close());
    // A task later: the element this one replaces releases its attempts at the end of its own task.
    setTimeout(() => {
      const configuration = this.isConnected && this.#reporter.configuration!();
      if (configuration) for (const waiting of takeOver(configuration, (search) => this.#report(search))) this.#waiting.add(waiting);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    buttons.delete(this.#reporter);
    // A move (disconnect and connect in one task) keeps the attempts; a removal releases them,
    // keeping the records a button re-created here takes over.
    queueMicrotask(() => this.isConnected || this.#end(false));
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    root.append(this.#button);
    return root;
  }

  /** Renders by hand: the shadow DOM is fixed, only two states change. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.#button.disabled = this.disabled;
    this.#button.setAttribute('aria-busy', String(this.busy)); // not ariaBusy: Firefox before 119 has no ARIA reflection
  }

  /** Starts the flow; call it inside a user gesture (a click), or the popup is blocked. While a popup is open, focuses it. */
  open(): void {
    if (this.#flow?.showing) return this.#flow.focus();
    if (this.disabled || this.#preparing?.aborted === false) return;
    // A full-page attempt whose tab is still here did not leave (the client chose "Stay"): it is over.
    if (this.#leaving) this.close();
    const settings = this.#settings();
    if (typeof settings == 'string') return emitError(this, 'invalid-config', settings);
    if (this.fullPage) return this.#leave(settings);

    // Synchronously, in the click: after an `await`, browsers block the popup.
    const { prepare } = settings;
    const flow = PopupFlow.open({
      url: prepare ? '' : settings.link(),
      name: this.#windowName,
      expectedOrigin: settings.expectedOrigin,
      configuration: settings.configuration,
      onResult: (search) => this.#report(search),
      onCancel: (lateResult) => {
        if (flow !== this.#flow) return; // a click already started another attempt in its place
        this.busy = false;
        this.#refocus();
        emit(this, 'onboarding-cancel', lateResult ? {} : { lateResult });
      },
    });
    if (!flow) return emitError(this, 'popup-blocked', 'Popup blocked: allow popups for this site, or use full-page');
    this.#flow = flow;
    this.#waiting.add(flow);
    this.busy = true;
    if (prepare) {
      void this.#prepare(settings, prepare, flow.signal, (url) => flow.navigate(url), () => {
        flow.dispose();
        this.#waiting.delete(flow);
        this.busy = false;
      });
    }
  }

  /** Ends every attempt of this button: closes its popup and stops listening. Dispatches nothing. */
  close(): void {
    this.#end(true);
  }

  /** Checks the attributes: the configuration, or what is wrong with it. */
  #settings(): Settings | string {
    // `||`: a framework unsetting `hub-url` (null, undefined) means the default hub, not an error.
    const hub = this.hubUrl || DEFAULT_HUB_URL;
    try {
      const base = toQueryParameters(this.queryParameters ?? {}, 'queryParameters');
      const redirect = this.redirectUrl ? httpUrl(this.redirectUrl, location.href, 'redirect-url') : undefined;
      const link = (extra?: QueryParameters) => permissionsUrl(hub, this.partnerId, redirect?.href, { ...base, ...extra });
      link(); // throws for what is wrong with it
      return {
        configuration: permissionsUrl(hub, this.partnerId),
        link,
        base,
        expectedOrigin: redirect?.origin ?? location.origin,
        prepare: this.prepareParameters ?? (this.parametersUrl ? fetchParameters(this.parametersUrl) : undefined),
      };
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** Full-page mode: sends this tab to the hub. */
  #leave(settings: Settings): void {
    this.busy = true;
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

  /** Asks for the attempt's parameters, then sends the popup (or this tab) to the hub; `fail` undoes the attempt. */
  async #prepare(settings: Settings, prepare: PrepareParameters, signal: AbortSignal, go: (url: string) => void, fail: () => void): Promise<void> {
    this.#preparing = signal;
    try {
      const extra = await prepareParameters(prepare, { partnerId: this.partnerId, parameters: settings.base, signal }, this.prepareTimeout);
      if (!signal.aborted) go(settings.link(extra));
    } catch (error) {
      if (signal.aborted) return;
      fail(); // never a hub with a partial link
      // Whatever was thrown (a string, say), the message names it.
      emitError(this, 'prepare-failed', `Could not prepare the onboarding link: ${(error as Error | undefined)?.message ?? error}`);
    } finally {
      if (this.#preparing === signal) this.#preparing = undefined;
    }
  }

  /** Ends every attempt; `forget`: remove their records too (a removal keeps those a re-created button takes over). */
  #end(forget: boolean): void {
    for (const waiting of this.#waiting) waiting.dispose(forget);
    this.#waiting.clear();
    this.#leaving?.abort();
    this.#flow = this.#leaving = undefined;
    this.busy = false;
  }

  /** A result of one of this button's attempts: one report, and every attempt ends. */
  #report(search: string): void {
    this.#end(true);
    this.#refocus();
    emitResult(this, search);
  }

  /** The popup is gone: keyboard focus back on the button, if the popup took it away. */
  #refocus(): void {
    if (document.activeElement === document.body) this.#button.focus();
  }
}
