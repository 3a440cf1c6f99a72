/**
 * Entry `dialog-onboarding/button`: registers `<dialog-onboarding-button>` alone, for pages
 * that start the flow and are not the redirect page. Importing this module is its side effect.
 */
import { DialogOnboardingButton } from './dialog-onboarding-button.js';
import { define } from './define.js';

export { DialogOnboardingButton };
export type * from './events.js';
export type { OnboardingResult, QueryParameters } from './protocol.js';
export type { PrepareContext, PrepareParameters } from './prepare.js';

define('dialog-onboarding-button', DialogOnboardingButton);
