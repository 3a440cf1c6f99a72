import { LitElement, css, html } from 'lit';
import { setState, type Attempt } from './attempt.js';
import { emitError, emitResult } from './events.js';
import { afterPageScripts, reporters, takePageResult, type PageReporter } from './page-result.js';
import { httpUrl, parseRedirectQuery, withQuery } from './protocol.js';

type CallbackState = 'handing-back' | 'handed-back' | 'reported' | 'invalid' | 'no-attempt';

const STATUS_TEXT: Record<CallbackState, string> = {
  'handing-back': 'Finishing the connection…',
  'handed-back': 'Done. You can close this window.',
  reported: 'Done.',
  invalid: 'This page did not receive a valid onboarding result.',
  'no-attempt': 'No onboarding was started in this tab.',
};

/**
 * Goes on the page at the redirect URL: hands the hub's result (`location.search`) back to the
 * page that opened the popup, then closes the window. With nobody waiting for it, reports the
 * result itself; for a result no onboarding of this tab asked for, reports nothing.
 *
 * @event {OnboardedEvent} onboarded - The result grants a channel, and nobody waits for it elsewhere.
 * @event {RevokedEvent} revoked - The result revokes a channel, and nobody waits for it elsewhere.
 * @event {OnboardingCancelEvent} onboarding-cancel - The result changes no channel, and nobody waits for it elsewhere.
 * @event {OnboardingErrorEvent} onboarding-error - `invalid-result`: the result is not valid; `no-attempt`: no onboarding was started in this tab (another site, a link, a reload after the result was taken); `invalid-config`: `opener-origin` or `return-url` is not an http(s) URL, or `return-url` is on another origin.
 * @slot - The status text shown meanwhile (default "Finishing the connection…").
 * @csspart status - The status text's container.
 */
export class DialogOnboardingCallback extends LitElement {
  static override properties = {
    returnUrl: { attribute: 'return-url' },
    openerOrigin: { attribute: 'opener-origin' },
    state: { reflect: true },
  };

  static override styles = css`:host{display:block}`;

  /** Where to go, carrying the result, when nobody waits for it (a full-page flow): the button there reports it. */
  declare returnUrl: string;
  /** The opener page's origin when it differs from this page's (default: this page's). */
  declare openerOrigin: string;
  /**
   * Read-only: `handing-back`, `handed-back`, `reported`, `invalid` or `no-attempt`.
   * @type {'handing-back' | 'handed-back' | 'reported' | 'invalid' | 'no-attempt'}
   */
  declare state: CallbackState;

  /** `return-url`, once checked. */
  #returnUrl: URL | undefined;

  constructor() {
    super();
    this.returnUrl = '';
    this.openerOrigin = '';
    this.state = 'handing-back';
  }

  override render() {
    return html`<p part="status" role="status"><slot>${STATUS_TEXT[this.state]}</slot></p>`;
  }

  // After the first update: frameworks may set attributes just after inserting the element (Angular's [attr.x]).
  protected override async firstUpdated(): Promise<void> {
    let openerOrigin: string;
    try {
      // Checked before anything is posted: a result never goes to `*` or to a typo.
      openerOrigin = this.openerOrigin ? httpUrl(this.openerOrigin, 'opener-origin').origin : location.origin;
      if (this.returnUrl) {
        this.#returnUrl = httpUrl(this.returnUrl, 'return-url', location.href);
        // The return page takes the result up from this origin's storage: another origin cannot read it.
        if (this.#returnUrl.origin !== location.origin) throw new TypeError(`return-url is on another origin: "${this.returnUrl}"`);
      }
    } catch (error) {
      this.state = 'invalid';
      await afterPageScripts();
      return emitError(this, 'invalid-config', (error as Error).message);
    }
    // How the page's result finds this element (page-result.ts), once its attributes are checked,
    // and while it is connected.
    const reporter: PageReporter = { report: this.#report };
    this.addController({ hostConnected: () => reporters.add(reporter), hostDisconnected: () => reporters.delete(reporter) });
    const outcome = await takePageResult(openerOrigin, true);
    // Also when the element a router replaced with this one reported it: say so here too. (`none`:
    // a button here asked first, and the query is no result.)
    if (outcome !== 'none') this.state = outcome;
    if (outcome === 'no-attempt') {
      await afterPageScripts();
      emitError(this, outcome, STATUS_TEXT[outcome]);
    }
  }

  /** Nobody waits for the result elsewhere: report it here, or let the return page's button do it. */
  readonly #report = (search: string, attempt: Attempt): void => {
    const valid = parseRedirectQuery(search).ok;
    this.state = valid ? 'reported' : 'invalid';
    if (valid && this.#returnUrl) {
      setState(attempt, 'left'); // the return page takes it up, as a tab back from the hub
      return location.replace(withQuery(this.#returnUrl, search));
    }
    emitResult(this, search);
  };
}
