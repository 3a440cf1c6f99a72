/**
 * A result in the page's own URL, looked at once per page load. Either this page is the
 * redirect page inside our popup (hand the result back, close), or the tab comes back from a
 * full-page flow (report it once, on the button that started it, and clear the address bar so
 * a reload does not repeat it).
 */
import { emitResult } from './events.js';
import { handBack } from './popup.js';
import { hasResult, withoutResult } from './protocol.js';

/** sessionStorage key: the partner ID of the full-page flow this tab left for. */
const FULL_PAGE_MARK = 'dialog-onboarding:full-page';

/** Notes, for the page this tab comes back to, which button's full-page flow it started. */
export function markFullPageFlow(partnerId: string): void {
  try {
    sessionStorage.setItem(FULL_PAGE_MARK, partnerId);
  } catch {
    // Storage blocked: the result is still reported, on the first button.
  }
}

function takeMark(): string | null {
  try {
    const mark = sessionStorage.getItem(FULL_PAGE_MARK);
    sessionStorage.removeItem(FULL_PAGE_MARK);
    return mark;
  } catch {
    return null;
  }
}

let checked = false;

/**
 * Takes a result from the page's URL, once per page load. `pickTarget` chooses, when it is
 * reported, the button to report it on (by the full-page flow's partner ID, when known).
 */
export async function takePageResult(pickTarget: (partnerId: string | null) => EventTarget | undefined): Promise<void> {
  if (checked) return;
  checked = true;
  const search = location.search;
  if (!hasResult(search)) return;
  const mark = takeMark();
  // Without the mark this tab did not leave for the hub itself: it may be our popup.
  if (mark === null && (await handBack(search))) return window.close();
  // Let the page's own scripts add their listeners first.
  if (document.readyState === 'loading') await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve));
  history.replaceState(history.state, '', withoutResult(location.href));
  const target = pickTarget(mark);
  if (target) emitResult(target, search);
}
