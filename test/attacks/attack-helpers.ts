/**
 * What the attack tests share: the third origin (another site), a frame of it that acts on a real
 * click, and the 'test-observer' channel on which fixture pages (record.js) tell what they saw.
 */
import { sendMouse } from '@web/test-runner-commands';
import { ATTACKER_ORIGIN, driverStep, frameAt, sleep, within } from '../helpers.js';

/** A made-up result, on the partner's redirect page and on its button page. */
export const FORGED = '?client=attacker&channels=[attackerCh]';
export const FORGED_REDIRECT = `${location.origin}/test/fixtures/callback-page.html${FORGED}`;

export interface Observed {
  page: string;
  type?: string;
  state?: string;
  detail?: { client?: string; reason?: string };
  channel?: string;
  data?: string;
  locks?: string[];
  storage?: string;
}

/** What fixture pages tell on the 'test-observer' channel from now on; `close()` when done. */
export function observe(): { seen: Observed[]; close(): void } {
  const seen: Observed[] = [];
  const channel = new BroadcastChannel('test-observer');
  channel.onmessage = ({ data }: MessageEvent<Observed>) => seen.push(data);
  return { seen, close: () => channel.close() };
}

export type How = 'open' | 'open-noopener' | 'link' | 'navigate';

/**
 * Another site's page in a frame of this page, going to `url` as `how` says: on a real click in
 * it (user activation, so popup blockers let it open windows), or with `click: false` as soon as
 * it loads.
 */
export async function attackerGoes(how: How, url: string, { click = true } = {}): Promise<HTMLIFrameElement> {
  const src = `${ATTACKER_ORIGIN}/test/fixtures/attacker.html?how=${how}&url=${encodeURIComponent(url)}${click ? '' : '&now'}`;
  let frame: HTMLIFrameElement | undefined;
  /** The next message of `kind` from the attacker's frame. */
  const heard = (kind: 'acted' | 'painted') =>
    new Promise<void>((resolve) =>
      addEventListener('message', function listener(event) {
        if (!event.data?.[kind] || (frame && event.source !== frame.contentWindow)) return;
        removeEventListener('message', listener);
        resolve();
      }),
    );
  const [acted, painted] = [heard('acted'), heard('painted')];
  frame = await frameAt(src);
  frame.style.cssText = 'width:300px;height:80px;border:0';
  if (click) {
    await Promise.race([painted, sleep(3000)]);
    // A click into a cross-origin frame can still be lost while it becomes hit-testable: again until it lands.
    let landed = false;
    void acted.then(() => (landed = true));
    for (let tries = 0; !landed && tries < 10; tries++) {
      await clickFrame(frame);
      await Promise.race([acted, sleep(500)]);
    }
  }
  await within(acted, 10000, `the attacker's frame acts (${how})`);
  return frame;
}

/** A real click in the middle of `frame` (or of the point `at` inside it). */
export async function clickFrame(frame: HTMLIFrameElement, at?: DOMRect): Promise<void> {
  frame.scrollIntoView({ block: 'center' });
  const outer = frame.getBoundingClientRect();
  const box = at ?? new DOMRect(0, 0, outer.width, outer.height);
  const position: [number, number] = [Math.round(outer.x + box.x + box.width / 2), Math.round(outer.y + box.y + box.height / 2)];
  await driverStep('a real click in a frame', async () => {
    await sendMouse({ type: 'move', position });
    await sendMouse({ type: 'click', position });
  });
}
