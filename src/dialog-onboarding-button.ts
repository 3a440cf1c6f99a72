import { LitElement, css, html } from 'lit';
import { emit, emitResult, type OnboardingErrorReason } from './events.js';
import { PopupFlow, handBack } from './popup.js';
import { fetchParameters, prepareParameters, PREPARE_TIMEOUT_MS, type PrepareParameters } from './prepare.js';
import {
  DEFAULT_HUB_URL,
  hasResult,
  httpUrl,
  parseRedirectQuery,
  permissionsUrl,
  toQueryParameters,
  withoutResult,
  type QueryParameters,
} from './protocol.js';

/** Each button its own window name, so two buttons never steer each other's popup. */
let buttons = 0;

/** A result in the page's own URL is reported by one button, once per page load. */
let pageResultClaimed = false;

/**
 * Starts 360dialog's Integrated Onboarding in a popup and reports its result.
 *
 * @event onboarded - `OnboardedEvent`: the client granted at least one channel.
 * @event revoked - `RevokedEvent`: the client removed access to at least one channel.
 * @event onboarding-cancel - `OnboardingCancelEvent`: the popup went away without a result.
 * @event onboarding-error - `OnboardingErrorEvent`: `popup-blocked`, `invalid-result`, `prepare-failed` or `invalid-config`.
 * @slot - The button's label (default "Connect WhatsApp").
 * @csspart button - The native `<button>`.
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

  static override styles = css`
    :host {
      display: inline-block;
    }
    button {
      font: inherit;
      cursor: pointer;
    }
    button:disabled {
      cursor: default;
    }
    :host([busy]) button {
      cursor: progress;
    }
  `;

  /** The Partner Hub's partner ID (required). */
  declare partnerId: string;
  /** Base of the permissions screen: `{hubUrl}/{partnerId}/permissions`. */
  declare hubUrl: string;
  /** Where the hub sends the popup afterwards; its origin is the only one a hand-back is taken from. Default: the Partner Hub's setting. */
  declare redirectUrl: string;
  /** A same-origin endpoint that answers each attempt's parameters (POST, JSON object of strings). */
  declare parametersUrl: string;
  /** Milliseconds the per-attempt parameters may take. */
  declare prepareTimeout: number;
  /** Navigate this tab to the hub instead of opening a popup (for browsers without popups). */
  declare fullPage: boolean;
  declare disabled: boolean;
  /** Read-only: true while a flow is under way. */
  declare busy: boolean;
  /** Prefill parameters (`email`, `name`, `state`, `partner`, `lang`, …), an object of strings. */
  declare queryParameters: QueryParameters;
  /** Per-attempt parameters from the partner's backend; takes precedence over `parameters-url`. */
  declare prepareParameters: PrepareParameters | undefined;

  readonly #windowName = `integratedOnboardingWindow-${++buttons}`;
  #flow: PopupFlow | undefined;

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

  override connectedCallback(): void {
    super.connectedCallback();
    if (!pageResultClaimed && hasResult(location.search)) {
      pageResultClaimed = true;
      void this.#takePageResult();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (disconnect and connect in one task) keeps the flow; a removal ends it.
    queueMicrotask(() => {
      if (!this.isConnected) this.close();
    });
  }

  override render() {
    return html`<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${this.busy} @click=${this.open}>
      <slot>Connect WhatsApp</slot>
    </button>`;
  }

  /** Starts the flow; call it inside a user gesture (a click), or the popup is blocked. A second call focuses the popup. */
  open(): void {
    if (this.#flow?.isOpen) return this.#flow.focus();
    if (this.disabled) return;
    this.close();

    let base: QueryParameters;
    let redirectUrl: string | undefined;
    let expectedOrigin = location.origin;
    try {
      base = toQueryParameters(this.queryParameters ?? {}, 'queryParameters');
      if (this.redirectUrl) {
        const redirect = httpUrl(this.redirectUrl, location.href, 'redirect-url');
        redirectUrl = redirect.href;
        expectedOrigin = redirect.origin;
      }
      permissionsUrl(this.hubUrl, this.partnerId, redirectUrl, base); // checks the rest
    } catch (error) {
      return this.#fail('invalid-config', (error as Error).message);
    }
    const linkWith = (extra: QueryParameters) =>
      permissionsUrl(this.hubUrl, this.partnerId, redirectUrl, { ...base, ...extra });
    const prepare = this.prepareParameters ?? (this.parametersUrl ? fetchParameters(this.parametersUrl) : undefined);

    if (this.fullPage) return void this.#navigateTab(linkWith, prepare, base);

    const flow = PopupFlow.open(prepare ? '' : linkWith({}), this.#windowName, expectedOrigin, {
      result: (search) => this.#report(search),
      cancel: () => {
        this.busy = false;
        emit(this, 'onboarding-cancel', {});
      },
    });
    if (!flow) {
      return this.#fail(
        'popup-blocked',
        'The browser blocked the onboarding popup. Allow popups for this site and try again, or set full-page where popups cannot open.',
      );
    }
    this.#flow = flow;
    this.busy = true;
    if (prepare) void this.#prepareThenNavigate(flow, prepare, base, linkWith);
  }

  /** Ends the flow under way, if any: closes the popup and stops listening. Reports nothing. */
  close(): void {
    this.#flow?.dispose();
    this.#flow = undefined;
    this.busy = false;
  }

  async #prepareThenNavigate(
    flow: PopupFlow,
    prepare: PrepareParameters,
    base: QueryParameters,
    linkWith: (extra: QueryParameters) => string,
  ): Promise<void> {
    try {
      const extra = await prepareParameters(prepare, { partnerId: this.partnerId, parameters: base, signal: flow.signal }, this.prepareTimeout);
      // Closed by the client meanwhile (reported as a cancel) or by close(): no hub.
      if (flow === this.#flow && flow.isOpen) flow.navigate(linkWith(extra));
    } catch (error) {
      if (flow !== this.#flow || !flow.isOpen) return;
      this.close(); // never a hub with a partial link
      this.#fail('prepare-failed', `Could not prepare the onboarding link: ${(error as Error).message}`);
    }
  }

  async #navigateTab(
    linkWith: (extra: QueryParameters) => string,
    prepare: PrepareParameters | undefined,
    base: QueryParameters,
  ): Promise<void> {
    this.busy = true;
    try {
      const signal = new AbortController().signal;
      const extra = prepare ? await prepareParameters(prepare, { partnerId: this.partnerId, parameters: base, signal }, this.prepareTimeout) : {};
      location.assign(linkWith(extra));
    } catch (error) {
      this.busy = false;
      this.#fail('prepare-failed', `Could not prepare the onboarding link: ${(error as Error).message}`);
    }
  }

  /** This page was loaded with a result in its URL: as the redirect page inside our popup, or after a full-page flow. */
  async #takePageResult(): Promise<void> {
    const search = location.search;
    if (await handBack(search)) return window.close();
    // Nobody else wants it: report it here, and keep a reload from reporting it again.
    history.replaceState(history.state, '', withoutResult(location.href));
    this.#report(search);
  }

  #report(search: string): void {
    this.close();
    const parsed = parseRedirectQuery(search);
    if (parsed.ok) emitResult(this, parsed.result);
    else this.#fail('invalid-result', `The onboarding result is not valid: ${parsed.message}`);
  }

  #fail(reason: OnboardingErrorReason, message: string): void {
    emit(this, 'onboarding-error', { reason, message });
  }
}
