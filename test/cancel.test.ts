/** The popup going away without a result, a blocked popup, and repeated clicks. */
import { expect } from '@open-wc/testing';
import type { DialogOnboardingButton } from '../src/index.js';

import {
  SECOND_ORIGIN,
  buttonFixture,
  eventually,
  hub,
  innerButton,
  next,
  realClick,
  recordEvents,
  sleep,
} from './helpers.js';

describe('cancel', () => {
  it('reports onboarding-cancel within a second when the client closes the popup, and is ready again', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    const cancelled = next(button, 'onboarding-cancel');
    const closedAt = performance.now();
    await hub('close');
    expect((await cancelled).detail, 'a late result may still follow').to.deep.equal({});
    expect(performance.now() - closedAt).to.be.below(1500);
    expect(button.busy).to.equal(false);

    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'again', channels: ['chAgain'] });
    expect((await onboarded).detail.client).to.equal('again');
  });

  it('reports onboarding-cancel when the hub page closes its own window', async () => {
    const button = await buttonFixture();
    await realClick(button);
    const cancelled = next(button, 'onboarding-cancel');
    await hub('close-button');
    await cancelled;
    expect(button.busy).to.equal(false);
  });

  it('reports a result that grants and revokes nothing as onboarding-cancel', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    const cancelled = next(button, 'onboarding-cancel');
    await hub('submit', { client: 'nothing', channels: [] });
    await cancelled;
    await sleep(100);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
  });
});

describe('when no late result can come', () => {
  const records = () => JSON.parse(sessionStorage.getItem('dialog-onboarding') ?? '[]');
  /** The cancel's detail when the client closes the popup `button` opens on a real click. */
  async function cancelOfAClosedPopup(button: DialogOnboardingButton): Promise<unknown> {
    await realClick(button);
    await hub('url');
    const cancelled = next(button, 'onboarding-cancel');
    await hub('close');
    return (await cancelled).detail;
  }

  it('still hands back through the opener with session storage refusing writes, and a cancel says no late result follows', async () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      const button = await buttonFixture({ 'partner-id': 'storageFull' });
      await realClick(button);
      const onboarded = next(button, 'onboarded');
      await hub('submit', { client: 'full', channels: ['chFull'] });
      expect((await onboarded).detail.client).to.equal('full');
      expect(await cancelOfAClosedPopup(button)).to.deep.equal({ lateResult: false });
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('records nothing for a redirect URL of another origin (it cannot read this tab’s storage), and its cancel says no late result follows', async () => {
    const before = records().length;
    const button = await buttonFixture({ 'partner-id': 'otherOrigin', 'redirect-url': `${SECOND_ORIGIN}/demo/callback.html` });
    expect(await cancelOfAClosedPopup(button)).to.deep.equal({ lateResult: false });
    expect(records().length, 'no record').to.equal(before);
  });

  it('says no late result follows without Web Locks (an insecure context)', async () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    try {
      expect(await cancelOfAClosedPopup(await buttonFixture({ 'partner-id': 'noLocks' }))).to.deep.equal({ lateResult: false });
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
    expect(navigator.locks, 'restored').to.not.equal(undefined);
  });
});

describe('blocked popup', () => {
  let original: typeof window.open;
  beforeEach(() => (original = window.open));
  afterEach(() => (window.open = original));

  it('reports popup-blocked with a message a person can act on', async () => {
    window.open = () => null;
    const button = await buttonFixture();
    const error = next(button, 'onboarding-error');
    innerButton(button).click();
    const { detail } = await error;
    expect(detail.reason).to.equal('popup-blocked');
    expect(detail.message).to.match(/allow popups/i);
    expect(button.busy).to.equal(false);
  });

  it('leaves no opening record when window.open throws (Chromium does on a page no longer fully active), and throws that', async () => {
    const failure = new DOMException('The provided callback is no longer runnable.', 'InvalidStateError');
    window.open = () => {
      throw failure;
    };
    const stored = sessionStorage.getItem('dialog-onboarding');
    const button = await buttonFixture();
    const seen = recordEvents(button);
    expect(() => button.open()).to.throw(failure.message);
    expect(sessionStorage.getItem('dialog-onboarding'), 'no opening record left').to.equal(stored);
    expect(button.busy).to.equal(false);
    expect(seen, 'no event: no attempt started').to.deep.equal([]);
  });

  it('navigates the tab to the hub in full-page mode, and the return leg reports the result', async () => {
    window.open = () => {
      throw new Error('full-page mode must not open a popup');
    };
    const frame = document.createElement('iframe');
    frame.src = '/test/fixtures/full-page.html';
    frame.style.height = '600px';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    await eventually(() => frame.contentWindow!.customElements.get('dialog-onboarding-button'), 'the frame defines the button');
    frame.contentDocument!.querySelector('dialog-onboarding-button')!.open();
    expect(await hub('url')).to.contain('/fullPagePartner/permissions');
    await hub('submit', { client: 'fullPage', channels: ['chFull'] });
    const pathname = () => {
      try {
        return frame.contentWindow!.location.pathname;
      } catch {
        return 'on the hub'; // cross-origin
      }
    };
    await eventually(() => pathname() === '/test/fixtures/full-page.html', 'back on the partner page');
    const recorded = () => (frame.contentWindow as unknown as { recorded?: Array<{ type: string; detail: { client: string } }> }).recorded ?? [];
    await eventually(() => recorded().length > 0, 'the button reports');
    expect(recorded().map((event) => [event.type, event.detail.client])).to.deep.equal([['onboarded', 'fullPage']]);
    expect(frame.contentWindow!.location.search).to.equal('');
    frame.remove();
  });
});

describe('repeated clicks', () => {
  it('focuses the open popup instead of opening another; one flow, one result', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    await hub('url');
    await realClick(button);
    button.open();
    await sleep(200);
    expect(await hub('count')).to.equal(1);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'once', channels: ['chOnce'] });
    await onboarded;
    await sleep(1000);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarded']);
  });

  it('does nothing while disabled', async () => {
    const button = await buttonFixture({ disabled: '' });
    button.open();
    await sleep(100);
    expect(await hub('count')).to.equal(0);
    expect(innerButton(button).disabled).to.equal(true);
  });
});
