/**
 * A result in the page's own URL, looked at once per page load: this page is the redirect page in
 * a popup (hand the result back, close), or the tab is back from the hub itself (report it here),
 * or the page knows no attempt (do nothing). The paths and why: docs/flow.md.
 */
import { takeOwnAttempt, type Attempt } from './attempt.js';
import { handBackOnChannel } from './channel.js';
import { hasResult, parseRedirectQuery, withoutResult } from './protocol.js';

/** An element that can report this page's result: a callback element, or a button of the attempt's configuration. */
export interface PageReporter {
  /** A button's configuration (`undefined` while misconfigured); a callback element has none. */
  configuration?(): string | undefined;
  report(search: string, attempt: Attempt): void;
}

/** What became of the page's result: `reported` here, or `invalid` (reported here as no result). */
export type PageResult = 'none' | 'handed-back' | 'no-attempt' | 'reported' | 'invalid';

/** The connected elements that may report: a callback element first (it may have a `return-url`), else a button of the attempt's configuration. */
export const reporters = new Set<PageReporter>();

let taken: Promise<PageResult> | undefined;

let scriptsRan: Promise<unknown> | undefined;

/**
 * Resolves once the page's own scripts have run (DOMContentLoaded, then a task), so that the
 * listeners they add hear the report. One wait per page, however many elements ask.
 */
export const afterPageScripts = () =>
  (scriptsRan ??= (async () => {
    if (document.readyState === 'loading') await new Promise((resolve) => addEventListener('DOMContentLoaded', resolve, { once: true }));
    await new Promise((resolve) => setTimeout(resolve));
  })());

/** Whether `opener` is a window of this origin (reading its location throws otherwise). */
function isSameOrigin(opener: Window): boolean {
  try {
    return opener.location.origin === location.origin;
  } catch {
    return false;
  }
}

/**
 * Takes the page's result, once per page load, whichever element asks first; a page that handed
 * it back closes its window. `openerOrigin`:
 * where a hand-back may go; `redirectPage`: any query is a hand-back (a malformed one too, so the
 * button can say so), not only one that looks like a result (a partner page's own `?client=42`).
 */
export function takePageResult(openerOrigin = location.origin, redirectPage?: boolean): Promise<PageResult> {
  return (taken ??= (async () => {
    const search = location.search;
    // Every load takes its own record, with a result or without: a `left` record on a live page
    // (the client came Back from the hub, or stayed and moved on) is copied by any window opened from it.
    const attempt = takeOwnAttempt();
    if (!redirectPage && !hasResult(search)) return 'none';
    const opener = window.opener as Window | null;
    // A tab back from the hub itself hands nothing back.
    const mayHandBack = attempt?.state !== 'left';
    // A cross-origin opener we were not told about is not ours (another site opened this page).
    const handsBack = mayHandBack && opener && !opener.closed && (openerOrigin !== location.origin || isSameOrigin(opener));
    // No attempt of this tab's and nobody to hand back to: the page and its address are left alone.
    if (!attempt && !handsBack) return 'no-attempt';
    // Reload and Back must repeat nothing: the result leaves the address bar (its record left storage).
    history.replaceState(history.state, '', withoutResult(location.href));
    if (handsBack) opener.postMessage(search, openerOrigin);
    if (handsBack || (mayHandBack && (await handBackOnChannel(attempt!, search)))) {
      window.close(); // the popup's work is done
      return 'handed-back';
    }
    await afterPageScripts();
    const all = [...reporters];
    const reporter = all.find((callback) => !callback.configuration) ?? all.find((button) => button.configuration!() === attempt!.configuration);
    reporter?.report(search, attempt!);
    return parseRedirectQuery(search).ok ? 'reported' : 'invalid';
  })());
}
