/**
 * The hand-back for a popup an isolated hub cut off from its opener: a `BroadcastChannel` named
 * by the attempt's secret, and the attempt's Web Lock, which the waiting button holds so that the
 * redirect page knows whether anyone still waits. The exchange is drawn in docs/flow.md.
 */
import { setState, type Attempt } from './attempt.js';

const channelOf = (attempt: Attempt) => new BroadcastChannel(`dialog-onboarding:${attempt.secret}`);

/**
 * The button's side: holds the attempt's lock and hands the first result on its channel to
 * `onResult`. With `takeOver`, only if nobody holds the lock yet (see "Taking over").
 * Returns the undo: it ends the wait (a taken result's exchange goes on until the redirect page's
 * "bye") and, with `forget`, removes the attempt's record.
 */
export function waitOnChannel(attempt: Attempt, onResult: (search: string) => void, takeOver = false): (forget?: boolean) => void {
  let release: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let channel: BroadcastChannel | undefined;
  let ended = false;
  let taken = false;
  const end = () => {
    ended = true;
    release();
    channel?.close();
  };
  void navigator.locks?.request(attempt.lock, { ifAvailable: takeOver }, (lock) => {
    if (!lock || ended) return; // another tab's button waits for it (a copy of this tab's storage)
    channel = channelOf(attempt);
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (taken) return data === 'bye' && end();
      if (typeof data != 'string') return;
      taken = true;
      channel!.postMessage('taken');
      onResult(data);
    };
    return held;
  });
  return (forget = true) => {
    if (!taken) end();
    if (forget) setState(attempt, null);
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
      channel.onmessage = ({ data }) => {
        if (data !== 'taken') return;
        channel.postMessage('bye');
        resolve(true);
      };
      void locks.request(attempt.lock, { ifAvailable: true }, async (lock) => {
        if (lock) return resolve(false);
        channel.postMessage(search);
        // The lock comes free when its button ends: after "bye", or without having taken it.
        await locks.request(attempt.lock, () => resolve(false));
      });
    });
  } finally {
    channel.close();
  }
}
