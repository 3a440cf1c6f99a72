/**
 * Registers `<dialog-onboarding-button>` and `<dialog-onboarding-callback>`
 * and re-exports the public types. Importing this module is its side effect.
 */
import { DialogOnboardingButton } from './dialog-onboarding-button.js';
import { DialogOnboardingCallback } from './dialog-onboarding-callback.js';

export { DialogOnboardingButton, DialogOnboardingCallback };
export type * from './events.js';
export { DEFAULT_HUB_URL, parseRedirectQuery, permissionsUrl } from './protocol.js';
export type { OnboardingResult, ParsedRedirect, QueryParameters } from './protocol.js';
export type { PrepareContext, PrepareParameters } from './prepare.js';

declare global {
  interface HTMLElementTagNameMap {
    'dialog-onboarding-button': DialogOnboardingButton;
    'dialog-onboarding-callback': DialogOnboardingCallback;
  }
}

/** Tolerates a second copy of this module on the page: the first definition stays. */
function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}

define('dialog-onboarding-button', DialogOnboardingButton);
define('dialog-onboarding-callback', DialogOnboardingCallback);
