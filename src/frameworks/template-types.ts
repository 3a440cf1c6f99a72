/**
 * What the framework typings (react.ts, svelte.ts, vue.ts) share: the elements' attributes and
 * properties as a template writes them, and their events as `on<event>` props. Written once
 * here, and the events derived from `OnboardingEventMap`, so a new attribute or event reaches
 * every framework's types at once. Types only.
 */
import type { OnboardingEventMap, PrepareParameters, QueryParameters } from '../index.js';

/**
 * A boolean attribute as a template writes it: bound (`true` / `false`), or present with `""`,
 * `"true"` or its own name. Not `"false"`: an attribute that is present is on, whatever it says.
 */
export type BooleanAttribute<Name extends string> = boolean | '' | 'true' | Name;

/** `<dialog-onboarding-button>` in a template; `Unset` is what a binding may hold for "not set". */
export interface ButtonTemplateProps<Unset = undefined> {
  /** Required: the Partner Hub's partner ID. */
  'partner-id'?: string | Unset;
  'hub-url'?: string | Unset;
  'redirect-url'?: string | Unset;
  'parameters-url'?: string | Unset;
  'prepare-timeout'?: number | string | Unset;
  'full-page'?: BooleanAttribute<'full-page'> | Unset;
  disabled?: BooleanAttribute<'disabled'> | Unset;
  /** Prefill parameters (`email`, `name`, `state`, `lang`, …); set as a property. */
  queryParameters?: QueryParameters | Unset;
  /** Per-attempt parameters from your backend; set as a property. */
  prepareParameters?: PrepareParameters | Unset;
}

/** `<dialog-onboarding-callback>` in a template. */
export interface CallbackTemplateProps<Unset = undefined> {
  'return-url'?: string | Unset;
  'opener-origin'?: string | Unset;
}

/**
 * Every event as an `on<event>` prop (`ononboarded`, `ononboarding-cancel`, …), as React 19
 * and Svelte 5 add them: the native event, with `currentTarget` the element.
 */
export type OnboardingEventProps<T extends EventTarget, Unset = undefined> = {
  [K in keyof OnboardingEventMap as `on${K}`]?: ((event: OnboardingEventMap[K] & { currentTarget: T }) => unknown) | Unset;
};
