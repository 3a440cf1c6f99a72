/**
 * What the tests share: the two origins, fixtures, and acting in the stand-in
 * hub (on the other origin) through Playwright as a person would.
 */
import { fixture, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import '../src/index.js';
import type { DialogOnboardingButton, OnboardingEventMap } from '../src/index.js';

/**
 * The test page is on localhost; 127.0.0.1 on the same port is another origin (the hub's), and
 * 127.0.0.2 a third (an attacker's site). The port is whichever was free when the run started.
 */
export const SECOND_ORIGIN = `${location.protocol}//127.0.0.1:${location.port}`;
export const ATTACKER_ORIGIN = `${location.protocol}//127.0.0.2:${location.port}`;
export const STAND_IN_HUB = `${SECOND_ORIGIN}/demo/hub`;
export const ISOLATED_HUB = `${SECOND_ORIGIN}/demo/isolated-hub`;
export const CALLBACK_URL = `${location.origin}/demo/callback.html`;

export interface HubChoice {
  client?: string;
  channels?: string[];
  revoked?: string[];
  /** Percent-encode the lists' brackets and commas. */
  encode?: boolean;
  /** Act in the oldest hub page open instead of the newest. */
  oldest?: boolean;
}

/** Acts in the newest stand-in hub page (popup or frame). */
export function hub(action: 'submit', choice?: HubChoice): Promise<unknown>;
export function hub(action: 'url'): Promise<string>;
export function hub(action: 'close' | 'close-button'): Promise<unknown>;
/** Posts `message` to the opener from inside the hub page (the wrong origin for a hand-back). */
export function hub(action: 'post', options: { message: unknown }): Promise<unknown>;
/** Redirects the hub page to its redirect URL (or `redirect`) plus a raw `query`. */
export function hub(action: 'redirect', options: { query: string; redirect?: string }): Promise<unknown>;
/** How many windows besides the test page are open. */
export function hub(action: 'count'): Promise<number>;
/** The addresses of the windows besides the test page, oldest first. */
export function hub(action: 'urls'): Promise<string[]>;
export function hub(action: string, options: object = {}): Promise<unknown> {
  return driverStep(`hub ${action}`, () => executeServerCommand('hub', { action, ...options }));
}

/** The driver's commands under way (hub actions, real clicks), each with when it started. */
const underWay = new Map<object, string>();

/** Runs one command of the browser's driver, listed while under way: a test that times out says which never returned. */
export async function driverStep<T>(what: string, run: () => Promise<T>): Promise<T> {
  const key = {};
  underWay.set(key, `${what} (from ${Math.round(performance.now())} ms)`);
  try {
    return await run();
  } finally {
    underWay.delete(key);
  }
}

/** What a failure's message adds: the driver's commands still under way, and the time now. */
const stillUnderWay = () => (underWay.size ? `; still under way at ${Math.round(performance.now())} ms: ${[...underWay.values()].join(', ')}` : '');

/** A button pointing at the stand-in hub, with our callback page as redirect. */
export async function buttonFixture(attributes: Record<string, string> = {}): Promise<DialogOnboardingButton> {
  const button = document.createElement('dialog-onboarding-button');
  const all = { 'partner-id': 'partnerA', 'hub-url': STAND_IN_HUB, 'redirect-url': CALLBACK_URL, ...attributes };
  for (const [name, value] of Object.entries(all)) button.setAttribute(name, value);
  return fixture<DialogOnboardingButton>(button);
}

export function innerButton(button: DialogOnboardingButton): HTMLButtonElement {
  return button.shadowRoot!.querySelector('button')!;
}

/**
 * A real mouse click (user activation included) in the middle of the button, also when the button
 * is in a same-origin frame of the test page (the click then lands in that frame).
 */
export async function realClick(button: DialogOnboardingButton): Promise<void> {
  const inner = innerButton(button);
  inner.scrollIntoView({ block: 'center' });
  let { x, y } = centre(inner);
  // Up through the frames the button is in, to the test page's viewport.
  for (let view: Window | null = inner.ownerDocument.defaultView; view && view !== window; view = view.parent) {
    const frame = view.frameElement as HTMLElement;
    frame.scrollIntoView({ block: 'center' });
    const box = frame.getBoundingClientRect();
    x += box.x + frame.clientLeft;
    y += box.y + frame.clientTop;
  }
  await driverStep('a real click', () => sendMouse({ type: 'click', position: [Math.round(x), Math.round(y)] }));
}

function centre(element: Element): { x: number; y: number } {
  const box = element.getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Runs `fn` inside a real user click (on a small button of its own, over the top-left corner of the
 * page), for code that must open a window: with the browser's popup blocker on, as browsers ship
 * it, `window.open` outside a user activation gets `null`. Resolves to what `fn` returned.
 */
export async function clickToOpen<T>(fn: () => T): Promise<T> {
  const target = document.createElement('button');
  target.textContent = 'open';
  target.style.cssText = 'position: fixed; left: 0; top: 0; width: 60px; height: 30px; z-index: 2147483647; margin: 0';
  const clicked = new Promise<{ value?: T; error?: unknown }>((resolve) =>
    target.addEventListener(
      'click',
      () => {
        try {
          resolve({ value: fn() });
        } catch (error) {
          resolve({ error });
        }
      },
      { once: true },
    ),
  );
  document.body.append(target);
  try {
    const { x, y } = centre(target);
    await sendMouse({ type: 'click', position: [Math.round(x), Math.round(y)] });
    const outcome = await clicked;
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  } finally {
    target.remove();
  }
}

/**
 * Clicks `button`, whose hub is the isolated one: resolves at the early `onboarding-cancel`, once
 * the hub has cut the popup off (the client is still in it).
 */
export async function clickCutOff(button: DialogOnboardingButton): Promise<void> {
  const cancelled = next(button, 'onboarding-cancel');
  await realClick(button);
  await within(cancelled, 10000, 'the isolated hub cuts the popup off (onboarding-cancel)');
}

/** Resolves with the next `name` event on `target`. */
export function next<K extends keyof OnboardingEventMap>(target: EventTarget, name: K): Promise<OnboardingEventMap[K]> {
  return oneEvent(target, name) as Promise<OnboardingEventMap[K]>;
}

/** The client closes the popup; resolves once `button` has reported `onboarding-cancel`. */
export async function closePopup(button: DialogOnboardingButton): Promise<void> {
  const cancelled = next(button, 'onboarding-cancel');
  await hub('close');
  await within(cancelled, 10000, 'the button sees its popup closed (onboarding-cancel)').catch(async (error: Error) => {
    throw new Error(`${error.message}; windows still open: ${JSON.stringify(await hub('urls'))}`);
  });
}

/** Records every onboarding event `target` dispatches, in order. */
export function recordEvents(target: EventTarget): Array<{ type: string; detail: unknown }> {
  const seen: Array<{ type: string; detail: unknown }> = [];
  for (const type of ['onboarded', 'revoked', 'onboarding-cancel', 'onboarding-error']) {
    target.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
  }
  return seen;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a failure naming `what` after `ms`: a step that never ends is named, not left to the test's 20 s timeout. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Resolves once `predicate` holds, polling; fails with `message` after `timeout` ms (5 s). Real
 * windows load and close late on a machine running three engines side by side, and a WebKit hub
 * command alone can take half a second, so open-wc's 1 s default failed tests that were right.
 * Only an upper bound: what must not happen is checked after a `sleep`, never here.
 */
export const eventually = (predicate: () => unknown, message?: string, { timeout = 5000 } = {}) =>
  waitUntil(predicate, message, { timeout, interval: 50 });

// Each test starts with no popup of an earlier one left: a test that failed midway, or a
// popup still closing, must not be found by the next test's hub commands.
// The three engines run side by side on two cores, and the tests race real windows: over four
// full runs, 1 to 4 of 837 tests failed at a time, other ones each run, none twice in a row
// (WebKitWebDriver lists a closed window for about 1.5 s and inspects a popup by making it the
// current window; under load a click or a lock hand-over comes late). A test that fails runs once
// more; a second failure fails it. docs/development.md lists the ones seen.
beforeEach(function () {
  this.currentTest?.retries(1);
  // A retried failure is told in the browser logs, so a run that passed says what it retried.
  const runner = (window as { __WTR_MOCHA_RUNNER__?: Mocha.Runner }).__WTR_MOCHA_RUNNER__;
  if (runner && !runner.listeners('retry').length) {
    runner.on('retry', (test: Mocha.Test, error: Error) => console.warn(`RETRIED ${test.fullTitle()}: ${String(error?.message).split('\n')[0]}${stillUnderWay()}`));
    runner.on('fail', (test: Mocha.Test) => underWay.size && console.warn(`UNFINISHED ${test.fullTitle()}${stillUnderWay()}`));
  }
});

afterEach(() => executeServerCommand('hub', { action: 'close-all' }));
// Nor a frame over the next test's buttons.
afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

/**
 * A page of the test server in an iframe of this page, once loaded; with `tag`, once that page has
 * defined the element too (its module may run after `load`).
 */
export async function frameAt(src: string, tag?: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = src;
  document.body.append(frame);
  await within(new Promise((resolve) => frame.addEventListener('load', resolve, { once: true })), 10000, `the frame loads ${src}`);
  if (tag) await eventually(() => frame.contentWindow!.customElements.get(tag), `the frame defines <${tag}>`);
  return frame;
}
