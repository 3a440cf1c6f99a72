/**
 * A result in the page's own URL, looked at once per page load. Either this page is the
 * redirect page inside our popup (hand the result back, close), or the tab comes back from a
 * full-page flow (report it once, on the button that started it, and clear the address bar so
 * a reload does not repeat it). The callback element reports through the same two rules
 * below: once per page load, after the page's own scripts.
 */
import { emitResult } from './events.js';
import { handBack } from './popup.js';
import { hasResult, withoutResult } from './protocol.js';
import { takeFullPageFlow } from './session.js';

let checked = false;
let reported = false;

/** The callback elements connected to this page: where there is one, it reports the page's result (it may have a `return-url`), not a button. */
export const callbacksHere = new Set<EventTarget>();

/**
 * Whether the page's result is still to be reported, noting that it is now: one report per page
 * load, whichever element comes first (a button here, a callback element, or one a router
 * re-created).
 */
export const reportOnce = () => !reported && (reported = true);

/** Resolves once the page's own scripts have run (DOMContentLoaded, then a task), so that the listeners they add hear the report. */
export async function afterPageScripts(): Promise<void> {
  if (document.readyState === 'loading') await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve));
}

/**
 * Takes a result from the page's URL, once per page load. `pickTarget` chooses, when it is
 * reported, the button to report it on (by the full-page flow's partner ID, when known).
 */
export async function takePageResult(pickTarget: (partnerId: string | null) => EventTarget | undefined): Promise<void> {
  if (checked) return;
  checked = true;
  const search = location.search;
  // Taken on every load, result or not: see takeFullPageFlow.
  const mark = takeFullPageFlow();
  if (!hasResult(search)) return;
  // Without the mark this tab did not leave for the hub itself: it may be our popup.
  if (mark === null && (await handBack(search))) return window.close();
  await afterPageScripts();
  const target = pickTarget(mark);
  if (!target || callbacksHere.size || !reportOnce()) return;
  history.replaceState(history.state, '', withoutResult(location.href));
  emitResult(target, search);
}
