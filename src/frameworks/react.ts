/**
 * Types for React 19 JSX: `<dialog-onboarding-button>` and
 * `<dialog-onboarding-callback>` with their attributes, properties and typed
 * `on…` event props, checked by `tsc` and editors.
 *
 * Types only: this module adds nothing at run time. Opt in once, anywhere in the
 * app's TypeScript (e.g. `src/vite-env.d.ts`, or next to `import 'dialog-onboarding'`):
 *
 * ```ts
 * import type {} from 'dialog-onboarding/react';
 * ```
 *
 * Then:
 *
 * ```tsx
 * <dialog-onboarding-button partner-id="…" queryParameters={{ email }} ononboarded={(e) => save(e.detail.channels)} />
 * ```
 *
 * React 19 (react-dom's `setPropOnCustomElement`) sets a prop on a custom element
 * as a property when the element has that property (so `queryParameters={…}`
 * and `prepareParameters={…}` reach the element as an object and a function),
 * and as an attribute otherwise (`partner-id`). A prop `on<name>` holding a
 * function becomes `addEventListener('<name>', …)`, case-sensitive: `ononboarded`,
 * `ononboarding-cancel`. Not `onOnboarded`, which would listen for `Onboarded`.
 * React 18 and earlier do neither: use a ref and `addEventListener` there.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { DialogOnboardingButton, DialogOnboardingCallback } from '../index.js';
import type { ButtonTemplateProps, CallbackTemplateProps, OnboardingEventProps } from './template-types.js';

export interface DialogOnboardingButtonProps
  extends DetailedHTMLProps<HTMLAttributes<DialogOnboardingButton>, DialogOnboardingButton>,
    ButtonTemplateProps,
    OnboardingEventProps<DialogOnboardingButton> {}

export interface DialogOnboardingCallbackProps
  extends DetailedHTMLProps<HTMLAttributes<DialogOnboardingCallback>, DialogOnboardingCallback>,
    CallbackTemplateProps,
    OnboardingEventProps<DialogOnboardingCallback> {}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'dialog-onboarding-button': DialogOnboardingButtonProps;
      'dialog-onboarding-callback': DialogOnboardingCallbackProps;
    }
  }
}

// A module, not an ambient script: the block above then augments `react` instead of replacing it.
export {};
