import { LitElement, css, html } from 'lit';
import { OnboardingController, type OnboardingSettings } from './onboarding-controller.js';
import { afterPageScripts, takePageResult } from './page-result.js';
import { fetchParameters, PREPARE_TIMEOUT_MS, prepareParameters, type PrepareParameters } from './prepare.js';
import { DEFAULT_HUB_URL, httpUrl, permissionsUrl, toQueryParameters, type QueryParameters } from './protocol.js';

/**
 * Starts 360dialog's Integrated Onboarding in a popup and reports its result.
 *
 * @event {OnboardedEvent} onboarded - The client granted at least one channel.
 * @event {RevokedEvent} revoked - The client removed access to at least one channel.
 * @event {OnboardingCancelEvent} onboarding-cancel - The popup went away without a result; a late result may follow unless `detail.lateResult` is `false`.
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
export class DialogOnboardingButton extends LitElement {
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

  // Compact and unindented (no minifier touches css``): these bytes ship to every partner's page.
  // Busy darkens the background (white text only gains contrast).
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
  /** Milliseconds the per-attempt parameters may take (1 to 2147483647; others mean the default). */
  declare prepareTimeout: number;
  /** Navigates this tab to the hub instead of opening a popup (for browsers without popups). */
  declare fullPage: boolean;
  /** As on a native button. */
  declare disabled: boolean;
  /** Read-only: true while an attempt is under way (popup open, parameters being prepared). */
  declare busy: boolean;
  /** Prefill parameters (`email`, `name`, `state`, `partner`, `lang`, …), an object of strings. */
  declare queryParameters: QueryParameters;
  /** Per-attempt parameters from the partner's backend; wins over `parameters-url`. */
  declare prepareParameters: PrepareParameters | undefined;

  readonly #attempts = new OnboardingController(this, () => this.#settings());

  constructor() {
    super();
    this.partnerId = '';
    this.hubUrl = DEFAULT_HUB_URL;
    this.redirectUrl = '';
    this.parametersUrl = '';
    this.prepareTimeout = PREPARE_TIMEOUT_MS;
    this.fullPage = false;
    this.disabled = false;
    this.busy = false;
    this.queryParameters = {};
  }

  protected override async firstUpdated(): Promise<void> {
    // A result in this page's URL: hand it back and close (this page is the redirect page, in a
    // popup), or report it (the tab is back from the hub).
    await afterPageScripts();
    void takePageResult();
  }

  override render() {
    // aria-busy as an attribute: Firefox before 119 has no ARIA reflection.
    return html`<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${this.busy} @click=${this.open}><slot>Connect WhatsApp</slot></button>`;
  }

  /** Starts an attempt; call it inside a user gesture (a click), or the popup is blocked. While its popup is open, focuses it. */
  open(): void {
    if (!this.disabled) this.#attempts.open(this.fullPage);
  }

  /** Ends every attempt of this button: closes its popup and stops listening. Dispatches nothing. */
  close(): void {
    this.#attempts.close();
  }

  /**
   * The attributes, checked: an attempt's settings.
   * @throws TypeError saying what is wrong with them.
   */
  #settings(): OnboardingSettings {
    // `||`: a framework unsetting `hub-url` (null, undefined) means the default hub, not an error.
    const hub = this.hubUrl || DEFAULT_HUB_URL;
    const base = toQueryParameters(this.queryParameters ?? {}, 'queryParameters');
    const redirect = this.redirectUrl ? httpUrl(this.redirectUrl, 'redirect-url', location.href) : undefined;
    const link = (extra?: QueryParameters) => permissionsUrl(hub, this.partnerId, redirect?.href, { ...base, ...extra });
    link(); // throws what is wrong with it
    const prepare = this.prepareParameters ?? (this.parametersUrl ? fetchParameters(this.parametersUrl) : undefined);
    return {
      configuration: permissionsUrl(hub, this.partnerId),
      link,
      expectedOrigin: redirect?.origin ?? location.origin,
      perAttempt: prepare && ((signal) => prepareParameters(prepare, { partnerId: this.partnerId, parameters: base, signal }, this.prepareTimeout)),
    };
  }
}
