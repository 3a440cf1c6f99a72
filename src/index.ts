/**
 * Entry `dialog-onboarding`: registers `<dialog-onboarding-button>` and
 * `<dialog-onboarding-callback>` (through the one-element entries, `button.ts` and
 * `callback.ts`, which pages that need one element only can import instead) and re-exports
 * the public API and types. Importing this module is its side effect.
 */
export { DialogOnboardingButton } from './button.js';
export { DialogOnboardingCallback } from './callback.js';
export { OnboardingController } from './onboarding-controller.js';
export type { OnboardingHost, OnboardingSettings } from './onboarding-controller.js';
export type * from './events.js';
export { DEFAULT_HUB_URL, parseRedirectQuery, permissionsUrl } from './protocol.js';
export type { OnboardingResult, ParsedRedirect, QueryParameters } from './protocol.js';
export type { PrepareContext, PrepareParameters } from './prepare.js';
