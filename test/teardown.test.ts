/** What a flow leaves behind: nothing, when it ends, when the element is removed, and at rest. */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import type { DialogOnboardingButton } from '../src/index.js';
import {
  SECOND_ORIGIN,
  STAND_IN_HUB,
  buttonFixture,
  closePopup,
  eventually,
  frameAt,
  hub,
  innerButton,
  next,
  realClick,
  recordEvents,
  sleep,
} from './helpers.js';

describe('the partner page going away', () => {
  it('closes the popup when the page that opened it reloads: nobody would be there to take the result', async () => {
    const frame = await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button');
    const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
    button.hubUrl = STAND_IN_HUB;
    await realClick(button);
    expect(await hub('url')).to.contain('/selfPartner/permissions');
    expect(await hub('count')).to.equal(1);
    frame.contentWindow!.location.reload();
    await eventually(async () => (await hub('count')) === 0, 'the popup closes with the page');
  });
});

describe('two copies of the library in one tab', () => {
  it('keeps each button\'s popup its own when each copy has one button (two same-origin frames, each loading the library)', async () => {
    const frames = [await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button'), await frameAt('/test/fixtures/button-page.html', 'dialog-onboarding-button')];
    const buttons = frames.map((frame, i) => {
      frame.style.cssText = 'width:400px;height:120px';
      const button = frame.contentDocument!.querySelector('dialog-onboarding-button')!;
      button.partnerId = `copy${i}`;
      button.hubUrl = STAND_IN_HUB;
      return button;
    });
    const seen = buttons.map((button) => recordEvents(button));
    /** A real click on the button inside `frame`. */
    const clickIn = async (frame: HTMLIFrameElement, button: DialogOnboardingButton) => {
      frame.scrollIntoView({ block: 'center' });
      const outer = frame.getBoundingClientRect();
      const inner = innerButton(button).getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(outer.x + inner.x + inner.width / 2), Math.round(outer.y + inner.y + inner.height / 2)] });
    };
    await clickIn(frames[0], buttons[0]);
    await eventually(async () => (await hub('url')).includes('/copy0/'), 'the first copy\'s hub opens');
    await clickIn(frames[1], buttons[1]);
    const partners = async () => ((await executeServerCommand('hub', { action: 'urls' })) as string[]).map((url) => new URL(url).pathname.split('/')[3]).sort();
    await eventually(async () => (await partners()).join() === 'copy0,copy1', 'the second copy opens a popup of its own');
    await sleep(1000);
    expect(seen[0], 'the first button\'s popup is still its own').to.deep.equal([]);
    buttons.forEach((button) => button.close());
    frames.forEach((frame) => frame.remove());
  });
});

describe('teardown', () => {
  /**
   * Counts live window listeners a flow adds (message, pagehide), intervals and broadcast
   * channels opened from now on. A listener added with an AbortSignal counts as removed once
   * its signal aborts, as the browser removes it then.
   */
  function countResources() {
    const live = { listeners: 0, intervals: 0, channels: 0 };
    const { addEventListener: add, removeEventListener: remove, setInterval: set, clearInterval: clear } = window;
    const intervals = new Set<number>();
    const listeners = new Set<unknown>();
    const counted = (type: string) => type === 'message' || type === 'pagehide';
    window.addEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
      if (counted(type)) {
        listeners.add(listener);
        const signal = typeof options == 'object' ? (options as AddEventListenerOptions | null)?.signal : undefined;
        if (signal?.aborted) listeners.delete(listener);
        signal?.addEventListener('abort', () => listeners.delete(listener), { once: true });
      }
      return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    } as typeof window.addEventListener;
    window.removeEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
      if (counted(type)) listeners.delete(listener);
      return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
    } as typeof window.removeEventListener;
    window.setInterval = ((handler: TimerHandler, ms?: number) => {
      const id = set(handler, ms);
      intervals.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      intervals.delete(id!);
      clear(id);
    }) as typeof window.clearInterval;
    const Channel = window.BroadcastChannel;
    let openChannels = 0;
    window.BroadcastChannel = class extends Channel {
      constructor(name: string) {
        super(name);
        openChannels++;
      }
      override close() {
        openChannels--;
        super.close();
      }
    };
    return {
      read() {
        live.listeners = listeners.size;
        live.intervals = intervals.size;
        live.channels = openChannels;
        return { ...live };
      },
      restore() {
        Object.assign(window, { addEventListener: add, removeEventListener: remove, setInterval: set, clearInterval: clear, BroadcastChannel: Channel });
      },
    };
  }

  let resources: ReturnType<typeof countResources>;
  beforeEach(() => (resources = countResources()));
  afterEach(() => resources.restore());

  it('releases listeners, timers and channels, and closes the popup, when removed mid-flow', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    expect(resources.read(), "message and pagehide listeners, the poll, the channel").to.deep.equal({ listeners: 2, intervals: 1, channels: 1 });
    button.remove();
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
    await eventually(async () => (await hub('count')) === 0, 'the popup closes');

    document.body.append(button); // re-adding works
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'readded', channels: ['ch'] });
    expect((await onboarded).detail.client).to.equal('readded');
    button.remove();
  });

  it('leaves nothing behind over 25 flows cut short by removal', async function () {
    this.timeout(90_000); // 25 real popups: 20-30 s in Firefox while two other engines run
    for (let cycle = 0; cycle < 25; cycle++) {
      const button = await fixture<DialogOnboardingButton>(html`<dialog-onboarding-button partner-id="p${cycle}" hub-url="${SECOND_ORIGIN}/demo/hub"></dialog-onboarding-button>`);
      await realClick(button);
      await eventually(async () => (await hub('url')).includes(`/p${cycle}/`), 'the hub loads in the popup');
      button.remove();
    }
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
    await eventually(async () => (await hub('count')) === 0, 'every popup closes');
  });

  it('after a cancel keeps only the channel wait (for an isolated hub), and drops even that on removal', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    await closePopup(button);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 1 });
    button.remove();
    await sleep(0);
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('takes nothing at rest: no listener, timer or channel over 1,000 connect/disconnect cycles', async () => {
    const button = document.createElement('dialog-onboarding-button');
    button.setAttribute('partner-id', 'rest');
    for (let cycle = 0; cycle < 1000; cycle++) {
      document.body.append(button);
      button.remove();
      await Promise.resolve(); // let the disconnect's cleanup run
    }
    expect(resources.read()).to.deep.equal({ listeners: 0, intervals: 0, channels: 0 });
  });

  it('schedules no timer per button: 1,000 buttons upgraded at once schedule at most the page\'s one wait for its scripts', async () => {
    sessionStorage.removeItem('dialog-onboarding'); // an attempt an earlier test kept would be taken over, a timer's work
    let timers = 0;
    const real = window.setTimeout;
    window.setTimeout = ((...args: Parameters<typeof setTimeout>) => (timers++, real(...args))) as typeof setTimeout;
    const box = document.createElement('div');
    try {
      box.innerHTML = '<dialog-onboarding-button partner-id="rest"></dialog-onboarding-button>'.repeat(1000);
      document.body.append(box);
      await Promise.all([...box.children].map((button) => (button as DialogOnboardingButton).updateComplete));
      await new Promise((resolve) => real(resolve)); // what a button schedules as it connects or first renders is scheduled by now
    } finally {
      window.setTimeout = real;
      box.remove();
    }
    // A few for the test runner's own work; one per button (or two) is a thousand.
    expect(timers, 'setTimeout calls').to.be.at.most(5);
  });

  it('keeps its flow when moved within the page in one task', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(button); // a move: disconnect then connect
    await sleep(0);
    expect(button.busy).to.equal(true);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'moved', channels: ['ch'] });
    expect((await onboarded).detail.client).to.equal('moved');
    box.remove();
  });
});
