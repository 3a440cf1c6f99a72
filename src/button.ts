/**
 * Entry `dialog-onboarding/button`: registers `<dialog-onboarding-button>` alone, for pages
 * that start the flow and are not the redirect page, and types its tag. Importing this module
 * is its side effect. The package's entry registers the element through it.
 */
import { DialogOnboardingButton } from './dialog-onboarding-button.js';
import { define } from './define.js';

export { DialogOnboardingButton };
export type * from './events.js';
export type { OnboardingResult, QueryParameters } from './protocol.js';
export type { PrepareContext, PrepareParameters } from './prepare.js';

declare global {
  interface HTMLElementTagNameMap {
    'dialog-onboarding-button': DialogOnboardingButton;
  }
}

define('dialog-onboarding-button', DialogOnboardingButton);
