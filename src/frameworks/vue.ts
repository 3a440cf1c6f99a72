/**
 * Types for Vue 3 templates: `<dialog-onboarding-button>` and
 * `<dialog-onboarding-callback>` as entries of Vue's `GlobalComponents`, with
 * their properties and typed events, checked by vue-tsc and the Vue language
 * tools (Volar). This is the form Vue's guide gives for custom elements not
 * built with Vue ("Non-Vue Web Components and TypeScript").
 *
 * Types only: this module adds nothing at run time. Opt in once, anywhere in the
 * app's TypeScript (e.g. `src/env.d.ts`, or next to `import 'dialog-onboarding'`):
 *
 * ```ts
 * import type {} from 'dialog-onboarding/vue';
 * ```
 *
 * Then, in a template (with `compilerOptions.isCustomElement` matching
 * `dialog-onboarding-*`, so Vue does not look for a Vue component of that name):
 *
 * ```vue
 * <dialog-onboarding-button partner-id="…" :queryParameters.prop="{ email }" @onboarded="(e) => save(e.detail.channels)" />
 * ```
 *
 * Vue 3 sets a binding on a custom element as a property when the element has a
 * property of exactly that name, or always with `.prop` (`:queryParameters.prop`,
 * shorthand `.queryParameters`); otherwise as an attribute (`partner-id`). Write
 * the property's own camelCase name: `:query-parameters`, with or without `.prop`,
 * does not reach `queryParameters`. `@onboarded` and `@onboarding-cancel` add
 * listeners for those events.
 *
 * What vue-tsc can check: it takes a custom element for a component (it does not
 * read `isCustomElement`) and camelizes kebab-case names on components before it
 * checks them, so `:query-parameters` is checked as `queryParameters` and passes
 * (a hole no type can close); unknown attributes and events (`redirect_url`,
 * `@onboardedd`) are errors only with `vueCompilerOptions.strictTemplates`.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { DialogOnboardingButton, DialogOnboardingCallback, OnboardingEventMap } from '../index.js';
import type { ButtonTemplateProps, CallbackTemplateProps } from './template-types.js';

/** `partner-id` → `partnerId`: the key vue-tsc checks an attribute or binding under. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * A template's attributes and properties under the names vue-tsc gives them: it camelizes every
 * kebab-case name on a tag it takes for a component (all custom elements: it does not read the
 * app's `isCustomElement`), so `prepare-timeout="5000"` is checked as `prepareTimeout: "5000"`.
 * The values are the template's (a static attribute is a string), not the element's properties.
 */
type VueTemplateProps<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

/**
 * What the Vue tools read for a custom element in a template: the instance's
 * `$props` (attributes and properties) and `$emit` (events). Neither exists on
 * the element; they are there for template type checking only.
 */
type VueCustomElement<E extends HTMLElement, Props> = new () => E & {
  /** @deprecated Types for Vue templates only; the element has no `$props`. */
  $props: HTMLAttributes & VueTemplateProps<Props> & PublicProps;
  /** @deprecated Types for Vue templates only; the element has no `$emit`. */
  $emit: EmitFn<{ [K in keyof OnboardingEventMap]: (event: OnboardingEventMap[K]) => void }>;
};

export type DialogOnboardingButtonComponent = VueCustomElement<DialogOnboardingButton, ButtonTemplateProps>;

export type DialogOnboardingCallbackComponent = VueCustomElement<DialogOnboardingCallback, CallbackTemplateProps>;

declare module 'vue' {
  interface GlobalComponents {
    'dialog-onboarding-button': DialogOnboardingButtonComponent;
    'dialog-onboarding-callback': DialogOnboardingCallbackComponent;
  }
}

// A module, not an ambient script: the block above then augments `vue` instead of replacing it.
export {};
