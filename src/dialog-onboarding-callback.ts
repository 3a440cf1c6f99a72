import { ReactiveElement, css, type PropertyValues } from '@lit/reactive-element';
import { h } from './dom.js';
import { emitError, emitResult } from './events.js';
import { afterPageScripts, callbacksHere, reportOnce } from './page-result.js';
import { handBack } from './popup.js';
import { httpUrl, parseRedirectQuery, withQuery } from './protocol.js';
import { rememberFullPageFlow, takeFullPageFlow } from './session.js';

type CallbackState = 'handing-back' | 'handed-back' | 'reported' | 'invalid';

const STATUS_TEXT: Record<CallbackState, string> = {
  'handing-back': 'Finishing the connection…',
  'handed-back': 'Done. You can close this window.',
  reported: 'Done.',
  invalid: 'This page did not receive a valid onboarding result.',
};

/**
 * Goes on the page at the redirect URL: hands the hub's result
 * (`location.search`) back to the page that opened the popup, then closes the
 * window. With nobody to hand back to, reports the result itself.
 *
 * @event {OnboardedEvent} onboarded - The result grants a channel, and no opener took it.
 * @event {RevokedEvent} revoked - The result revokes a channel, and no opener took it.
 * @event {OnboardingCancelEvent} onboarding-cancel - The result changes no channel, and no opener took it.
 * @event {OnboardingErrorEvent} onboarding-error - `invalid-result`: no opener took the result, and it is not valid; `invalid-config`: `opener-origin` or `return-url` is not an http(s) URL.
 * @slot - The status text shown meanwhile (default "Finishing the connection…").
 * @csspart status - The status text's container.
 */
export class DialogOnboardingCallback extends ReactiveElement {
  static override properties = {
    returnUrl: { attribute: 'return-url' },
    openerOrigin: { attribute: 'opener-origin' },
    state: { reflect: true },
  };

  static override styles = css`:host{display:block}`;

  /** Where to go, carrying the result, when nobody took it (a full-page flow). */
  declare returnUrl: string;
  /** The opener page's origin when it differs from this page's (default: this page's). */
  declare openerOrigin: string;
  /** Read-only: `handing-back`, `handed-back`, `reported` or `invalid`. */
  declare state: CallbackState;

  #started = false;
  /** Misconfigured: it reports no result, so a button on the page does (see callbacksHere). */
  #gaveUp = false;
  /** The slot whose fallback text, shown unless the page slots its own, follows `state`. */
  readonly #statusSlot = h('slot');
  readonly #status = h('p', { part: 'status', role: 'status' }, this.#statusSlot);

  constructor() {
    super();
    this.returnUrl = '';
    this.openerOrigin = '';
    this.state = 'handing-back';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#gaveUp) callbacksHere.add(this);
    if (this.#started) return;
    this.#started = true;
    void this.#handBack();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    callbacksHere.delete(this);
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    root.append(this.#status);
    return root;
  }

  /** Renders by hand: only the status text changes, and it is set as text. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.#statusSlot.textContent = STATUS_TEXT[this.state];
  }

  async #handBack(): Promise<void> {
    // Frameworks may set attributes just after inserting the element (Angular's [attr.x]).
    await this.updateComplete;
    const search = location.search;
    let openerOrigin: string, returnUrl: URL | undefined;
    try {
      // Checked before anything is posted: a result never goes to `*` or to a typo.
      openerOrigin = this.openerOrigin ? httpUrl(this.openerOrigin, undefined, 'opener-origin').origin : location.origin;
      if (this.returnUrl) returnUrl = httpUrl(this.returnUrl, location.href, 'return-url');
    } catch (error) {
      this.state = 'invalid';
      this.#gaveUp = true;
      callbacksHere.delete(this);
      await afterPageScripts();
      return emitError(this, 'invalid-config', (error as Error).message);
    }
    if (await handBack(search, openerOrigin)) {
      this.state = 'handed-back';
      return window.close();
    }
    await afterPageScripts(); // (waiting on the channel gave them time; a full-page tab did not wait)
    const valid = parseRedirectQuery(search).ok;
    this.state = valid ? 'reported' : 'invalid';
    // Reported once per page load: not again by an element a router re-created, nor by one the
    // page removed meanwhile (nobody would hear it there).
    if (!this.isConnected || !reportOnce()) return;
    emitResult(this, search);
    // A full-page flow ends here, unless the return page takes it up: it reads the mark, which
    // this page took out of storage on load (see takeFullPageFlow), so it goes back in.
    const mark = takeFullPageFlow();
    if (valid && returnUrl) {
      if (mark !== null) rememberFullPageFlow(mark);
      location.assign(withQuery(returnUrl, search));
    }
  }
}
