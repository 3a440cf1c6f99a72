/**
 * Entry `dialog-onboarding/callback`: registers `<dialog-onboarding-callback>` alone, for the
 * page at the redirect URL, and types its tag. Importing this module is its side effect. The
 * package's entry registers the element through it.
 */
import { DialogOnboardingCallback } from './dialog-onboarding-callback.js';
import { define } from './define.js';

export { DialogOnboardingCallback };
export type * from './events.js';
export type { OnboardingResult } from './protocol.js';

declare global {
  interface HTMLElementTagNameMap {
    'dialog-onboarding-callback': DialogOnboardingCallback;
  }
}

define('dialog-onboarding-callback', DialogOnboardingCallback);
