/**
 * Entry `dialog-onboarding/callback`: registers `<dialog-onboarding-callback>` alone, for the
 * page at the redirect URL. Importing this module is its side effect.
 */
import { DialogOnboardingCallback } from './dialog-onboarding-callback.js';
import { define } from './define.js';

export { DialogOnboardingCallback };
export type * from './events.js';
export type { OnboardingResult } from './protocol.js';

define('dialog-onboarding-callback', DialogOnboardingCallback);
