import { ReactiveElement, css, type PropertyValues } from '@lit/reactive-element';
import { h } from './dom.js';
import { emit, emitError, emitResult } from './events.js';
import { takePageResult } from './page-result.js';
import { PopupFlow } from './popup.js';
import { fetchParameters, prepareParameters, PREPARE_TIMEOUT_MS, type PrepareParameters } from './prepare.js';
import { DEFAULT_HUB_URL, httpUrl, permissionsUrl, toQueryParameters, type QueryParameters } from './protocol.js';
import { nameTab, rememberFullPageFlow } from './session.js';

/** How long a full-page attempt that sent the tab away blocks another: see `open()`. */
const RETRY_LEAVING_MS = 2000;

/** The buttons on the page, for reporting a result in the page's URL on the right one. */
const connected = new Set<DialogOnboardingButton>();
const pickTarget = (partnerId: string | null) =>
  [...connected].find((button) => button.partnerId === partnerId) ?? [...connected][0];

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

  /**
   * Each button its own window name, so two buttons never steer each other's popup: random, not
   * counted, since two copies of the library in one tab (a widget in a same-origin frame that
   * loads its own) would count alike.
   */
  readonly #windowName = `integratedOnboardingWindow-${Math.random().toString(36).slice(2)}`;
  #flow: PopupFlow | undefined;
  /** A full-page flow under way (until the tab leaves, comes back from the cache, or close()). */
  #leaving: AbortController | undefined;
  /** When that flow sent this tab to the hub (`performance.now()`); Infinity until it does. */
  #leftAt = Infinity;

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

  override connectedCallback(): void {
    super.connectedCallback();
    connected.add(this);
    void takePageResult(pickTarget);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
    // A move (disconnect and connect in one task) keeps the flow; a removal ends it.
    queueMicrotask(() => this.isConnected || this.close());
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
    // Its popup is there: bring it to the front. (One the client just closed reads closed at
    // once, while its flow ends only on the next polls: a click then starts afresh.)
    if (this.#flow?.isOpen && !this.#flow.cutOff) return this.#flow.focus();
    if (this.disabled) return;
    // One attempt at a time. But a full-page attempt whose tab is still here seconds after it
    // was sent to the hub lost its navigation (the client chose "Stay" when the page asked
    // before unloading): start afresh, so that a prepared link is never sent twice.
    if (this.#leaving && performance.now() - this.#leftAt < RETRY_LEAVING_MS) return;
    // That attempt is over either way, even if this one fails (only a popup's wait is kept).
    if (this.#leaving) this.close();
    // A flow still here after its cancel waits for a cut-off popup's result: the new one takes
    // that over, so the first popup's result reaches this button, not another one waiting. It
    // ends only once the new one exists: an attempt that fails first leaves it waiting.
    const earlierIds = this.#flow && [this.#flow.id, ...this.#flow.earlierIds];

    let base: QueryParameters;
    let redirectUrl: string | undefined;
    let expectedOrigin = location.origin;
    // `||`: a framework unsetting `hub-url` (null, undefined) means the default hub, not an error.
    const link = (extra?: QueryParameters) => permissionsUrl(this.hubUrl || DEFAULT_HUB_URL, this.partnerId, redirectUrl, { ...base, ...extra });
    let url: string; // the link without per-attempt parameters; building it checks the configuration
    let screen: string; // the permissions screen alone (hub and partner): the flow's owner, see PopupFlow
    try {
      base = toQueryParameters(this.queryParameters ?? {}, 'queryParameters');
      if (this.redirectUrl) {
        const redirect = httpUrl(this.redirectUrl, location.href, 'redirect-url');
        redirectUrl = redirect.href;
        expectedOrigin = redirect.origin;
      }
      url = link();
      screen = permissionsUrl(this.hubUrl || DEFAULT_HUB_URL, this.partnerId);
    } catch (error) {
      return emitError(this, 'invalid-config', (error as Error).message);
    }
    const prepare = this.prepareParameters ?? (this.parametersUrl ? fetchParameters(this.parametersUrl) : undefined);

    if (this.fullPage) {
      this.close();
      this.busy = true;
      // Marked now and again when the tab is sent: a retry (see above) may start while the
      // first navigation is still under way, and the tab must come back marked either way.
      rememberFullPageFlow(this.partnerId);
      this.#leaving = new AbortController();
      // Back from the hub through the back/forward cache: this page is ready again. (`pageshow`
      // also comes once at the end of the first load: a click before then is no return.)
      addEventListener('pageshow', (event) => event.persisted && this.close(), { signal: this.#leaving.signal });
      return prepare ? void this.#prepare(prepare, base, link) : this.#leave(url);
    }

    // A popup starts with a copy of this tab's session storage: no full-page mark in it.
    rememberFullPageFlow(null);
    // Synchronously, in the click: after an `await`, browsers block the popup.
    const flow = PopupFlow.open(
      prepare ? '' : url,
      this.#windowName,
      expectedOrigin,
      {
        result: (search) => this.#report(search),
        cancel: () => {
          this.busy = false; // the flow stays, waiting on the channel: see PopupFlow
          this.#refocus();
          emit(this, 'onboarding-cancel', {});
        },
      },
      undefined,
      earlierIds,
      screen, // a button re-created in its place goes there too, and takes this popup's result
    );
    if (!flow) return emitError(this, 'popup-blocked', 'Popup blocked: allow popups for this site, or use full-page');
    this.close(); // the flow before, if any: the new one answers for its popup now
    this.busy = true;
    this.#flow = flow;
    if (prepare) void this.#prepare(prepare, base, link, flow);
  }

  /** Ends the flow under way, if any: closes the popup and stops listening. Dispatches nothing. */
  close(): void {
    this.#flow?.dispose();
    if (this.#leaving) rememberFullPageFlow(null); // this tab stays: no return from the hub to expect
    this.#leaving?.abort();
    this.#flow = this.#leaving = undefined;
    this.#leftAt = Infinity;
    this.busy = false;
  }

  /** Asks for the attempt's parameters, then sends the popup (or, in full-page mode, this tab) to the hub. */
  async #prepare(prepare: PrepareParameters, base: QueryParameters, link: (extra: QueryParameters) => string, flow?: PopupFlow): Promise<void> {
    // The attempt's lifetime: aborted when the client closes the popup (reported as a cancel),
    // on close(), on removal, or when another attempt starts. An ended attempt gets no hub.
    const signal = (flow ?? this.#leaving!).signal;
    try {
      const url = link(await prepareParameters(prepare, { partnerId: this.partnerId, parameters: base, signal }, this.prepareTimeout));
      if (!signal.aborted) flow ? flow.navigate(url) : this.#leave(url);
    } catch (error) {
      if (signal.aborted) return;
      // Never a hub with a partial link. A popup flow that took over an earlier cut-off popup
      // closes its own but keeps waiting for that one's result.
      if (flow?.earlierIds.length) {
        flow.dispose(true);
        this.busy = false;
      } else this.close();
      // Whatever was thrown (a string, say), the message names it.
      emitError(this, 'prepare-failed', `Could not prepare the onboarding link: ${(error as Error | undefined)?.message ?? error}`);
    }
  }

  /** Sends this tab to the hub (full-page mode). */
  #leave(url: string): void {
    rememberFullPageFlow(this.partnerId); // for the page this tab comes back to
    nameTab(); // so that its result, should it reach the channel, is never another tab's
    this.#leftAt = performance.now();
    location.assign(url);
  }

  /** A hand-back from our popup. */
  #report(search: string): void {
    this.close();
    this.#refocus();
    emitResult(this, search);
  }

  /** The popup is gone: keyboard focus back on the button, if the popup took it away. */
  #refocus(): void {
    if (document.activeElement === document.body) this.#button.focus();
  }
}
