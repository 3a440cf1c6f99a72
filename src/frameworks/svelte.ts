/**
 * Types for Svelte 5 templates: `<dialog-onboarding-button>` and
 * `<dialog-onboarding-callback>` with their attributes, properties and typed
 * `on…` event attributes, checked by svelte-check and the Svelte language tools.
 *
 * Types only: this module adds nothing at run time. Opt in once, anywhere in the
 * app's TypeScript (e.g. `src/app.d.ts`, or next to `import 'dialog-onboarding'`):
 *
 * ```ts
 * import type {} from 'dialog-onboarding/svelte';
 * ```
 *
 * Then, in a `.svelte` file:
 *
 * ```svelte
 * <dialog-onboarding-button partner-id="…" queryParameters={{ email }} ononboarded={(e) => save(e.detail.channels)} />
 * ```
 *
 * Svelte 5 sets a value on a custom element as a property when the element has
 * that property (so `queryParameters={…}` and `prepareParameters={…}` reach the
 * element as objects and functions), and as an attribute otherwise (`partner-id`).
 * `on<event>={…}` adds a listener for `<event>`; with a hyphen, `ononboarding-error={…}`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { DialogOnboardingButton, DialogOnboardingCallback } from '../index.js';
import type { ButtonTemplateProps, CallbackTemplateProps, OnboardingEventProps } from './template-types.js';

export interface DialogOnboardingButtonAttributes
  extends HTMLAttributes<DialogOnboardingButton>,
    ButtonTemplateProps<null | undefined>,
    OnboardingEventProps<DialogOnboardingButton, null | undefined> {}

export interface DialogOnboardingCallbackAttributes
  extends HTMLAttributes<DialogOnboardingCallback>,
    CallbackTemplateProps<null | undefined>,
    OnboardingEventProps<DialogOnboardingCallback, null | undefined> {}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'dialog-onboarding-button': DialogOnboardingButtonAttributes;
    'dialog-onboarding-callback': DialogOnboardingCallbackAttributes;
  }
}

// A module, not an ambient script: the block above then augments `svelte/elements` instead of replacing it.
export {};
