/**
 * What a tab remembers across its own navigations, in `sessionStorage`. A popup opened with
 * `window.open` starts with a copy of its opener's, which is how a redirect page in the popup
 * learns which tab it belongs to even when an isolated hub cut it off from its opener.
 * Storage can be blocked (it throws then): every read gives `null` and every write is skipped,
 * and the flow does what it did without it.
 */

/** Key: the partner ID of the full-page flow this tab left for the hub with. */
export const FULL_PAGE_FLOW = 'dialog-onboarding:full-page';
/**
 * Key: this tab's ID, which a result from one of its popups carries back: a flow waiting in
 * another tab must not take it. Per tab, not per flow, so a flow restarted after an isolated
 * hub's early cancel (or on the page reloaded meanwhile) still takes the first popup's result.
 */
export const TAB = 'dialog-onboarding:tab';
/**
 * Key: the popup flow this tab opened last, so that with two buttons waiting in one tab each
 * takes its own popup's result.
 */
export const FLOW = 'dialog-onboarding:flow';

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the key when it is `null`. */
function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // blocked: see above
  }
}

let fullPageAtLoad: string | null | undefined;
/**
 * The partner ID of the full-page flow this tab came back from, or `null`: read once per page
 * load, and taken out of storage then (a mark an unfinished attempt left must not stay for a
 * later popup, which copies this tab's storage); every later call, from either element, gets
 * the same answer.
 */
export function takeFullPageFlow(): string | null {
  if (fullPageAtLoad === undefined) {
    fullPageAtLoad = read(FULL_PAGE_FLOW);
    write(FULL_PAGE_FLOW, null);
  }
  return fullPageAtLoad;
}
/** Notes the full-page flow this tab leaves with, or forgets it (`null`) once it ended. */
export const rememberFullPageFlow = (partnerId: string | null) => write(FULL_PAGE_FLOW, partnerId);
/** This tab's ID (in a popup: its opener's), or `null` when it has none or storage is blocked. */
export const tabId = () => read(TAB);
/** The popup flow this tab opened last (in a popup: the one its opener opened it for), or `null`. */
export const flowId = () => read(FLOW);
/** Notes the popup flow this tab is about to open, for the popup's copy. */
export const rememberFlow = (id: string) => write(FLOW, id);
/** Gives this tab an ID if it has none: before it opens a popup, or leaves for the hub itself. */
export function nameTab(): void {
  if (tabId() === null) write(TAB, Math.random().toString(36).slice(2));
}
