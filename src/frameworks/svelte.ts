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
import type {
  DialogOnboardingButton,
  DialogOnboardingCallback,
  OnboardedEvent,
  OnboardingCancelEvent,
  OnboardingErrorEvent,
  PrepareParameters,
  QueryParameters,
  RevokedEvent,
} from '../index.js';

/** A Svelte event attribute's handler, as `svelte/elements` types the built-in ones. */
type Handler<E extends Event, T extends EventTarget> = (event: E & { currentTarget: EventTarget & T }) => unknown;

/** The events both elements dispatch, as Svelte 5 event attributes. */
interface OnboardingEventAttributes<T extends EventTarget> {
  ononboarded?: Handler<OnboardedEvent, T> | undefined | null;
  onrevoked?: Handler<RevokedEvent, T> | undefined | null;
  'ononboarding-cancel'?: Handler<OnboardingCancelEvent, T> | undefined | null;
  'ononboarding-error'?: Handler<OnboardingErrorEvent, T> | undefined | null;
}

export interface DialogOnboardingButtonAttributes
  extends HTMLAttributes<DialogOnboardingButton>,
    OnboardingEventAttributes<DialogOnboardingButton> {
  /** Required: the Partner Hub's partner ID. */
  'partner-id'?: string | undefined | null;
  'hub-url'?: string | undefined | null;
  'redirect-url'?: string | undefined | null;
  'parameters-url'?: string | undefined | null;
  'prepare-timeout'?: number | string | undefined | null;
  'full-page'?: boolean | undefined | null;
  disabled?: boolean | undefined | null;
  /** Prefill parameters (`email`, `name`, `state`, `lang`, …); set as a property. */
  queryParameters?: QueryParameters | undefined | null;
  /** Per-attempt parameters from your backend; set as a property. */
  prepareParameters?: PrepareParameters | undefined | null;
}

export interface DialogOnboardingCallbackAttributes
  extends HTMLAttributes<DialogOnboardingCallback>,
    OnboardingEventAttributes<DialogOnboardingCallback> {
  'return-url'?: string | undefined | null;
  'opener-origin'?: string | undefined | null;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'dialog-onboarding-button': DialogOnboardingButtonAttributes;
    'dialog-onboarding-callback': DialogOnboardingCallbackAttributes;
  }
}

// A module, not an ambient script: the block above then augments `svelte/elements` instead of replacing it.
export {};
