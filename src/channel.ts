/**
 * The hand-back for a popup an isolated hub cut off from its opener: a `BroadcastChannel` named
 * by the attempt's secret, and the attempt's Web Lock, which the waiting button holds so that the
 * redirect page knows whether anyone still waits. The exchange is drawn in docs/flow.md.
 */
import { isRecorded, setState, type Attempt } from './attempt.js';

const channelOf = (attempt: Attempt) => new BroadcastChannel(`dialog-onboarding:${attempt.secret}`);

/**
 * The button's side: holds the attempt's lock and hands the first result on its channel to
 * `onResult`, only while it holds the lock and the attempt is still recorded in this tab. It waits
 * in the lock's queue: a button re-created here, or on the reloaded page, waits for the one before
 * to let it go (see "Taking over").
 * Returns the undo: it ends the wait (a taken result's exchange goes on until the redirect page's
 * "bye") and, unless `keepRecord`, removes the attempt's record.
 */
export function waitOnChannel(attempt: Attempt, onResult: (search: string) => void): (keepRecord?: boolean) => void {
  const ended = new AbortController();
  let taken: true | undefined;
  /** Holds the lock, listening on the channel, until the wait ends. */
  const hold = () => {
    // Granted (a queued request, not `ifAvailable`, is only ever called with the lock), but this wait
    // ended meanwhile, or the button before took the result (the record is gone).
    if (ended.signal.aborted || !isRecorded(attempt)) return;
    const channel = channelOf(attempt);
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (taken) {
        if (data === 'bye') ended.abort();
      } else if (typeof data == 'string' && (!data || data[0] == '?')) {
        // Only a redirect page's `location.search`, never a word of the exchange.
        taken = true;
        channel.postMessage('taken');
        onResult(data);
      }
    };
    // Offered before this wait held the lock, a result went to the button before, gone meanwhile: ask for it again.
    channel.postMessage('ready');
    return new Promise((resolve) => ended.signal.addEventListener('abort', () => resolve(channel.close())));
  };
  // Queued, not `ifAvailable`: the lock manager may hear of the previous button's (or page's) release only after this request.
  const request = (): unknown =>
    navigator.locks?.request(attempt.lock, { signal: ended.signal }, hold).catch((error: unknown) =>
      // Chromium drops a lock granted while this page is inside `window.open` (a plain Error, "The
      // provided callback is no longer runnable"): ask again, a task later. A DOMException (the wait
      // ended while queued, or another page stole the lock) ends the wait: it listens only while
      // it holds the lock.
      error instanceof DOMException || ended.signal.aborted ? ended.abort() : setTimeout(request),
    );
  request();
  return (keepRecord) => {
    if (!taken) ended.abort();
    if (!keepRecord) setState(attempt, null);
  };
}

/**
 * The redirect page's side: offers `search` to the button waiting for `attempt`.
 * Resolves to `true` once that button took it, `false` when nobody waits (any more): then the
 * page reports the result itself.
 */
export async function handBackOnChannel(attempt: Attempt, search: string): Promise<boolean> {
  const locks = navigator.locks;
  if (!locks) return false;
  const channel = channelOf(attempt);
  try {
    return await new Promise<boolean>((resolve) => {
      // Nobody waits: deaf at once, so that a button taking the lock over later is not offered it too.
      const nobody = () => {
        channel.close();
        resolve(false);
      };
      channel.onmessage = ({ data }) => {
        // A button took the lock over after the offer below: offer it again.
        if (data === 'ready') channel.postMessage(search);
        else if (data === 'taken') {
          channel.postMessage('bye');
          resolve(true);
        }
      };
      locks
        .request(attempt.lock, { ifAvailable: true }, (lock) =>
          // Free: nobody waits. Else offer, and settle with the second request: the lock comes free when its
          // button ends, after "bye" or without having taken it.
          lock ? nobody() : (channel.postMessage(search), locks.request(attempt.lock, nobody)),
        )
        .catch(nobody); // a request the browser dropped: report here rather than hang
    });
  } finally {
    channel.close();
  }
}
