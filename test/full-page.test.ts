/** Full-page mode: the tab itself goes to the hub and comes back with the result. */
import { expect } from '@open-wc/testing';

import type { DialogOnboardingButton } from '../src/index.js';
import {
  eventually,
  frameAt,
  hub,
  sleep,
} from './helpers.js';

describe('full-page mode', () => {
  const buttonPageAt = (src: string) => frameAt(src, 'dialog-onboarding-button');
  const pathOf = (frame: HTMLIFrameElement) => {
    try {
      return frame.contentWindow!.location.pathname + frame.contentWindow!.location.search;
    } catch {
      return 'cross-origin'; // on the hub
    }
  };

  it('reports the returning result on the button that started the flow, not the first on the page', async () => {
    const frame = await buttonPageAt('/test/fixtures/two-buttons.html');
    const [, directPayment] = frame.contentDocument!.querySelectorAll('dialog-onboarding-button');
    directPayment.open();
    expect(await hub('url')).to.contain('/directPaymentHub/permissions');
    await hub('submit', { client: 'dp', channels: ['chDP'] });
    const win = () => frame.contentWindow as unknown as { recorded?: Array<{ type: string }>; reportedBy?: string[] };
    await eventually(() => pathOf(frame) === '/test/fixtures/two-buttons.html' && (win().reportedBy?.length ?? 0) > 0, 'reported after the return');
    expect(win().reportedBy).to.deep.equal(['directPaymentHub']);
    expect(win().recorded!.map((event) => event.type)).to.deep.equal(['onboarded']);
  });

  it('records its attempt as the tab leaves; a load of the page without a result (Back) takes it, so a window opened from the live page copies none', async () => {
    const states = () => JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').filter((attempt: { configuration: string }) => attempt.configuration.includes('/fullPagePartner/')).map((attempt: { state: string }) => attempt.state);
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    expect(states(), 'nothing before the click').to.deep.equal([]);
    frame.contentDocument!.querySelector('dialog-onboarding-button')!.open();
    await hub('url');
    expect(states(), 'written as the page went').to.deep.equal(['left']);
    // The client comes back without a result (Back): the page is live again and holds no record.
    const back = await buttonPageAt('/test/fixtures/full-page.html');
    await eventually(() => states().length === 0, 'the load without a result takes the record');
    // So a made-up result brought to the page later (by whoever opens or navigates to it) finds no attempt.
    back.src = '/test/fixtures/full-page.html?client=forged&channels=[chForged]';
    await new Promise((resolve) => back.addEventListener('load', resolve, { once: true }));
    await sleep(500);
    const win = () => back.contentWindow as unknown as { recorded?: Array<{ type: string }> };
    expect(win().recorded ?? [], 'nothing reported').to.deep.equal([]);
    frame.remove();
    back.remove();
  });

  it('still records its attempt when close() comes after the tab started leaving and before it went', async () => {
    sessionStorage.removeItem('dialog-onboarding'); // earlier tests' tabs left for the hub
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.open(); // location.assign: the navigation is under way
    button.close(); // e.g. the app's own clean-up, before the hub answers
    await hub('url');
    const states = JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').map((attempt: { state: string }) => attempt.state);
    expect(states, 'the page the tab comes back to will find it').to.deep.equal(['left']);
    frame.remove();
  });

  it('goes to the hub when clicked before the page finished loading (the first pageshow is no return)', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/fixtures/full-page-slow.html'; // its load waits 1.5 s for an image
    document.body.append(frame);
    let loaded = false;
    frame.addEventListener('load', () => (loaded = true), { once: true });
    // Looked up afresh each time: while the page loads, the frame's document may still be its first, blank one.
    const upgraded = () => frame.contentDocument?.querySelector('dialog-onboarding-button');
    await eventually(() => typeof upgraded()?.open == 'function', 'the frame defines and upgrades the button');
    const button = upgraded()!;
    // Its own partner ID: the engines run side by side against one server, which counts per partner.
    const partner = `slowLoad-${Math.random().toString(36).slice(2)}`;
    button.partnerId = partner;
    button.prepareParameters = () => new Promise((resolve) => setTimeout(resolve, 2500, { state: 'early' }));
    expect(loaded, 'clicked while the page loads').to.equal(false);
    button.open();
    await eventually(() => pathOf(frame) === 'cross-origin', 'the tab goes to the hub once prepared', { timeout: 6000 });
    const hubRequests = await (await fetch(`/test/api/hub-requests?partner=${partner}`)).json();
    expect(hubRequests).to.equal(1);
  });

  /** Navigations the hub address that answers 204 was asked for: tries to leave that did not happen. */
  const noContentRequests = async (): Promise<number> => (await fetch('/test/api/no-content-requests')).json();
  /**
   * A full-page button in a frame, clicked, whose tab tried to leave and stayed (its hub answers
   * 204, as when the client chooses "Stay"); with the request count before the click.
   */
  async function stayedAfterLeaving() {
    sessionStorage.removeItem('dialog-onboarding'); // earlier tests' tabs left for the hub
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.hubUrl = `${location.origin}/test/api/no-content`;
    const before = await noContentRequests();
    button.open();
    await eventually(async () => (await noContentRequests()) === before + 1, 'the tab tries to leave');
    return { frame, button, before, count: noContentRequests };
  }

  /** This tab's full-page attempts, as its session storage records them. */
  const leftRecords = () => JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]').filter((attempt: { state: string }) => attempt.state === 'left');

  it('starts afresh, with fresh parameters, on a click after its navigation did not happen (the client chose to stay)', async () => {
    const { frame, button, before, count } = await stayedAfterLeaving();
    expect(leftRecords(), 'recorded only as the page goes: a window opened meanwhile copies none').to.deep.equal([]);
    expect(button.busy).to.equal(true);
    expect(pathOf(frame), 'still here').to.equal('/test/fixtures/full-page.html');
    button.disabled = true;
    button.open(); // disabled: nothing
    await sleep(300);
    expect([await count(), button.busy], 'the attempt is left as it was').to.deep.equal([before + 1, true]);
    button.disabled = false;
    let asked = 0;
    button.prepareParameters = () => (asked++, new Promise((resolve) => setTimeout(resolve, 300, { state: 'again' })));
    button.open();
    expect(asked, 'a fresh attempt asks for its parameters').to.equal(1);
    await eventually(async () => (await count()) === before + 2, 'the click starts afresh');
    expect(leftRecords(), 'neither attempt left').to.deep.equal([]);
    button.close();
    expect(button.busy).to.equal(false);
  });

  it('prepares again on a click after a prepared attempt whose navigation did not happen', async () => {
    sessionStorage.removeItem('dialog-onboarding');
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.hubUrl = `${location.origin}/test/api/no-content`;
    let asked = 0;
    button.prepareParameters = async () => (asked++, { state: 's' });
    const before = await noContentRequests();
    button.open();
    await eventually(async () => (await noContentRequests()) === before + 1, 'the tab tries to leave');
    button.open();
    expect(asked, 'the second click prepares again').to.equal(2);
    button.close();
    frame.remove();
  });

  it('is ready again, and holds no record, when the page comes back from the back/forward cache (synthetic pagehide and pageshow: frames are never cached)', async () => {
    const { frame, button } = await stayedAfterLeaving();
    expect(button.busy).to.equal(true);
    frame.contentWindow!.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(leftRecords(), 'recorded as the page went into the cache').to.have.length(1);
    frame.contentWindow!.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await button.updateComplete;
    expect(button.busy).to.equal(false);
    expect(leftRecords(), 'live again: a window opened from it copies no record').to.deep.equal([]);
  });

  for (const [failure, reason, fail] of [
    ['misconfigured', 'invalid-config', (button: DialogOnboardingButton) => (button.partnerId = ' ')],
    ['a popup the browser blocked (full-page turned off)', 'popup-blocked', (button: DialogOnboardingButton) => {
      button.fullPage = false;
      (button.ownerDocument.defaultView as Window).open = () => null;
    }],
  ] as const) {
    it(`ends the attempt whose navigation did not happen when the retry fails (${failure}): not busy`, async () => {
      const { button } = await stayedAfterLeaving();
      fail(button);
      const failed = new Promise<CustomEvent<{ reason: string }>>((resolve) => button.addEventListener('onboarding-error', (event) => resolve(event as CustomEvent), { once: true }));
      button.open();
      expect((await failed).detail.reason).to.equal(reason);
      await button.updateComplete;
      expect(button.busy, 'busy').to.equal(false);
    });
  }

  it('asks for per-attempt parameters once however often it is clicked, and stays on the page after close()', async () => {
    const frame = await buttonPageAt('/test/fixtures/full-page.html');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    let asked = 0;
    let aborted = false;
    button.prepareParameters = ({ signal }) => {
      asked++;
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise((resolve) => setTimeout(resolve, 400, { state: 'late' }));
    };
    button.open();
    button.open();
    expect(asked).to.equal(1);
    expect(button.busy).to.equal(true);
    button.close();
    expect(aborted).to.equal(true);
    await sleep(700);
    expect(pathOf(frame)).to.equal('/test/fixtures/full-page.html');
    expect(button.busy).to.equal(false);
  });
});
