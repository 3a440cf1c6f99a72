/**
 * A result in the page's own URL, looked at once per page load. Either this page is the
 * redirect page inside our popup (hand the result back, close), or the tab comes back from a
 * full-page flow (report it once, on the button that started it, and clear the address bar so
 * a reload does not repeat it).
 */
import { emitResult } from './events.js';
import { handBack } from './popup.js';
import { hasResult, withoutResult } from './protocol.js';
import { fullPageFlow, rememberFullPageFlow } from './session.js';

let checked = false;

/**
 * Takes a result from the page's URL, once per page load. `pickTarget` chooses, when it is
 * reported, the button to report it on (by the full-page flow's partner ID, when known).
 */
export async function takePageResult(pickTarget: (partnerId: string | null) => EventTarget | undefined): Promise<void> {
  if (checked) return;
  checked = true;
  const search = location.search;
  // Taken on every load, result or not: a mark left by a full-page attempt that came back
  // unfinished must not stay for a later popup (which copies this tab's storage).
  const mark = fullPageFlow();
  rememberFullPageFlow(null);
  if (!hasResult(search)) return;
  // Without the mark this tab did not leave for the hub itself: it may be our popup.
  if (mark === null && (await handBack(search))) return window.close();
  // Let the page's own scripts add their listeners first.
  if (document.readyState === 'loading') await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve));
  history.replaceState(history.state, '', withoutResult(location.href));
  const target = pickTarget(mark);
  if (target) emitResult(target, search);
}
