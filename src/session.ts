/**
 * What a tab remembers across its own navigations, in `sessionStorage`. A popup opened with
 * `window.open` starts with a copy of its opener's, which is how a redirect page in the popup
 * learns which flow it belongs to even when an isolated hub cut it off from its opener.
 * Storage can be blocked (it throws then): every read gives `null` and every write is skipped,
 * and the flow does what it did without it.
 */

/** Key: the partner ID of the full-page flow this tab left for the hub with. */
export const FULL_PAGE_FLOW = 'dialog-onboarding:full-page';
/** Key: the ID of the popup flow this tab (or, in a popup, its opener) started last. */
export const POPUP_FLOW = 'dialog-onboarding:flow';

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

/** The partner ID of the full-page flow this tab left for the hub with, or `null`. */
export const fullPageFlow = () => read(FULL_PAGE_FLOW);
/** Notes the full-page flow this tab leaves with, or forgets it (`null`) once it ended. */
export const rememberFullPageFlow = (partnerId: string | null) => write(FULL_PAGE_FLOW, partnerId);
/** The ID of the popup flow this tab started last (in a popup: that its opener started), or `null`. */
export const popupFlow = () => read(POPUP_FLOW);
/** Notes the popup flow this tab is about to open, for the popup's copy. */
export const rememberPopupFlow = (id: string) => write(POPUP_FLOW, id);
