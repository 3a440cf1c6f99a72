/**
 * Every event the elements dispatch: its name, its detail type, and its entry
 * in `HTMLElementEventMap`, declared once here so listeners are typed.
 */
import { parseRedirectQuery, type OnboardingResult } from './protocol.js';

/** Detail of `onboarded`: the client granted at least one channel. */
export type OnboardedDetail = OnboardingResult;

/** Detail of `revoked`: the client removed access to at least one channel. */
export interface RevokedDetail {
  client: string;
  /** The revoked channel IDs. */
  channels: string[];
}

/**
 * Detail of `onboarding-cancel`: `lateResult: false` when no late result can follow (the redirect
 * URL is on another origin, or session storage or Web Locks are unavailable, so an isolated hub's
 * hand-back cannot reach the button).
 */
export interface OnboardingCancelDetail {
  lateResult?: false;
}

/** Stable codes for `onboarding-error`, so `switch (e.detail.reason)` is checked. */
export type OnboardingErrorReason =
  /** `window.open` returned no window: a popup blocker, or an in-app browser. */
  | 'popup-blocked'
  /** A hand-back came from our popup but is not a result (no client, broken lists, bad IDs). */
  | 'invalid-result'
  /** The per-attempt parameters could not be had (`parameters-url` or `prepareParameters`). */
  | 'prepare-failed'
  /** The element is misconfigured: no `partner-id`, a hub or redirect URL that is not http(s)… */
  | 'invalid-config'
  /** A redirect page that no onboarding in this tab opened (another site, a link, a reload after the result was taken). */
  | 'no-attempt';

export interface OnboardingErrorDetail {
  reason: OnboardingErrorReason;
  /** What went wrong, for a developer's console. */
  message: string;
}

export type OnboardedEvent = CustomEvent<OnboardedDetail>;
export type RevokedEvent = CustomEvent<RevokedDetail>;
export type OnboardingCancelEvent = CustomEvent<OnboardingCancelDetail>;
export type OnboardingErrorEvent = CustomEvent<OnboardingErrorDetail>;

export interface OnboardingEventMap {
  onboarded: OnboardedEvent;
  revoked: RevokedEvent;
  'onboarding-cancel': OnboardingCancelEvent;
  'onboarding-error': OnboardingErrorEvent;
}

declare global {
  interface HTMLElementEventMap extends OnboardingEventMap {}
  /** The events bubble and are composed, so listeners on `document` are typed too. */
  interface DocumentEventMap extends OnboardingEventMap {}
}

type DetailOf<K extends keyof OnboardingEventMap> = OnboardingEventMap[K]['detail'];

/** Dispatches one of our events, always bubbling out of shadow roots. */
export function emit<K extends keyof OnboardingEventMap>(target: EventTarget, name: K, detail: DetailOf<K>): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Dispatches `onboarding-error`. */
export function emitError(target: EventTarget, reason: OnboardingErrorReason, message: string): void {
  emit(target, 'onboarding-error', { reason, message });
}

/**
 * Reports a redirect query (a hand-back) on `target`: `onboarded` when it grants a
 * channel, then `revoked` when it revokes one; `onboarding-cancel` when it changes
 * no channel; `onboarding-error` `invalid-result` when it is no result.
 */
export function emitResult(target: EventTarget, query: string): void {
  const parsed = parseRedirectQuery(query);
  if (!parsed.ok) return emitError(target, 'invalid-result', `Invalid onboarding result: ${parsed.message}`);
  const { client, channels, revoked } = parsed.result;
  if (channels.length) emit(target, 'onboarded', parsed.result);
  if (revoked.length) emit(target, 'revoked', { client, channels: revoked });
  else if (!channels.length) emit(target, 'onboarding-cancel', {});
}
