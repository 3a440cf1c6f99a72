/**
 * The attempt record: what a tab remembers of each attempt it started, in its session storage.
 * The rules (states, who reads and writes, the threat model) are in docs/flow.md.
 * Storage may be blocked or full: reads then give nothing and writes report failure.
 */

/** One attempt, as this tab (and its popup's copy of this tab's storage) records it. */
export interface Attempt {
  /** Names the attempt's channel: known to this tab and its popup only. */
  secret: string;
  /** Names the lock a waiting button holds: lock names are visible to the whole origin, so never the secret. */
  lock: string;
  /** The button's permissions screen (hub and partner): a result lands only on a button of it. */
  configuration: string;
  /** `opening` only in the popup's copy; `open` in the tab; `left` when the tab itself went to the hub. */
  state: 'opening' | 'open' | 'left';
  /** `Date.now()` when it started: before this document did, it is another page load's (see `pendingAttempts`). */
  at: number;
}

const KEY = 'dialog-onboarding';
const MAX_AGE_MS = 3_600_000;
const isOpen = (attempt: Attempt) => attempt.state === 'open';

/** 128 random bits, as four decimal numbers joined by `-`. */
export const randomId = () => crypto.getRandomValues(new Uint32Array(4)).join('-');

/**
 * Whether a button here may take `attempt` over: an `open` one of this document (a button
 * re-created), or of the page before, when this one is its reload. Not one another document
 * recorded before this one started (the tab a copy of this storage came from, a frame with a
 * second copy of the library).
 */
const mayTakeOver = (attempt: Attempt) =>
  isOpen(attempt) &&
  // This document's, or this load is a reload (not `navigate` or `back_forward`) of the page before.
  (attempt.at >= performance.timeOrigin ||
    (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type === 'reload');

function load(): Attempt[] {
  try {
    const attempts: Attempt[] = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    return attempts.filter((attempt) => Date.now() - attempt.at < MAX_AGE_MS);
  } catch {
    return [];
  }
}

function save(attempts: Attempt[]): boolean {
  try {
    if (attempts.length) sessionStorage.setItem(KEY, JSON.stringify(attempts));
    else sessionStorage.removeItem(KEY);
    return true;
  } catch {
    return false;
  }
}

/**
 * Keeps a tab's `open` records its own: on a top-level page load that is no reload, every `open`
 * record made before this document started goes. A tab opened from another, duplicated or
 * restored (each a copy of a tab's storage) then has none of that tab's to take over, even
 * reloaded; this tab's own earlier page was not reloaded into this one, so none of its attempts
 * could be taken over here anyway. Records of this document stay (a second copy of the library
 * loaded after a click).
 */
export function dropEarlierPages(): void {
  if (self === top) save(load().filter((attempt) => mayTakeOver(attempt) || !isOpen(attempt)));
}

/**
 * Records a new attempt, before `window.open` (`opening`) or before the tab leaves (`left`).
 * Any `opening` or `left` record found is stale (this tab is here), and goes.
 * Returns `undefined` when storage refuses: the attempt then has no channel fallback.
 */
export function recordAttempt(configuration: string, state: 'opening' | 'left'): Attempt | undefined {
  const attempt: Attempt = { secret: randomId(), lock: randomId(), configuration, state, at: Date.now() };
  return save([...load().filter(isOpen), attempt]) ? attempt : undefined;
}

/** Rewrites the attempt's state in this tab's storage, or removes it (`null`). */
export function setState(attempt: Attempt, state: Attempt['state'] | null): void {
  const others = load().filter((other) => other.secret !== attempt.secret);
  // Removed, or rewritten; storage full: removed.
  if (!(state && save([...others, { ...attempt, state }]))) save(others);
}

/** The attempts of `configuration` (none given: of any) a button here may take over. */
export const pendingAttempts = (configuration?: string) =>
  load().filter((attempt) => mayTakeOver(attempt) && (!configuration || attempt.configuration === configuration));

/** Whether `attempt` is still in this tab's storage: once its result is taken, or it is closed, it is not. */
export const isRecorded = (attempt: Attempt) => load().some((other) => other.secret === attempt.secret);

/**
 * Takes this page's own attempt out of storage: in a popup the one its opener opened it for
 * (`opening`), in a tab back from the hub the one it left with (`left`), on a page shown again
 * without a result the one it no longer needs. `open` records stay.
 */
export function takeOwnAttempt(): Attempt | undefined {
  const all = load();
  save(all.filter(isOpen));
  return all.find((attempt) => !isOpen(attempt));
}
