/**
 * Pages of the partner's own origin in other tabs and frames: a hostile tab that listens, injects
 * and acknowledges on every channel it can name; a tab the partner's page opened (it copies this
 * tab's session storage); a second copy of the library in this tab; a reload between two hubs'
 * clicks. Each result reaches only the attempt that asked for it. (docs/flow.md.)
 */
import { expect } from '@open-wc/testing';
import type { DialogOnboardingButton } from '../../src/index.js';
import { ISOLATED_HUB, buttonFixture, clickCutOff, clickToOpen, eventually, frameAt, hub, next, realClick, recordEvents, sleep, within } from '../helpers.js';
import { attackerGoes, observe } from './attack-helpers.js';

let observer: ReturnType<typeof observe>;
beforeEach(() => (observer = observe()));
afterEach(() => observer.close());

/** A partner page (test/fixtures/partner.html) in a frame of this tab, set up by `query`, once its button is defined. */
async function partnerFrame(query: string): Promise<{ frame: HTMLIFrameElement; button: DialogOnboardingButton }> {
  const frame = await frameAt(`/test/fixtures/partner.html?${query}`, 'dialog-onboarding-button');
  frame.style.cssText = 'width:400px;height:90px;border:0';
  return { frame, button: frame.contentDocument!.querySelector('dialog-onboarding-button')! };
}

describe('a hostile page of the origin in another tab', () => {
  it('hears nothing, and its injections and acknowledgements reach nobody', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'spiedOn' });
    const seen = recordEvents(button);
    await clickCutOff(button);
    // A tab of its own (noopener): it has none of this tab's session storage.
    await attackerGoes('open-noopener', `${location.origin}/test/fixtures/spy.html`);
    await eventually(() => observer.seen.some((event) => event.page === 'spy' && event.locks?.length), 'the spy sees the waiting lock');
    await eventually(() => observer.seen.some((event) => event.storage !== undefined), 'the spy tells its storage'); // posted after its first look at the locks
    expect(observer.seen.find((event) => event.storage !== undefined)?.storage, 'no attempt in its storage').to.equal('[]');
    await sleep(500); // its injections, on every channel it can name
    expect(seen.map((event) => event.type), 'nothing injected lands').to.deep.equal(['onboarding-cancel']);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'private', channels: ['chPrivate'] });
    expect((await within(onboarded, 8000, 'the result arrives')).detail.client).to.equal('private');
    await sleep(500);
    expect(observer.seen.filter((event) => event.page === 'spy' && event.channel), 'the spy heard nothing').to.deep.equal([]);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
  });
});

describe('a tab the partner page opened (window.open copies this tab\'s session storage)', () => {
  it('takes no attempt of this tab\'s, even with a button of the same configuration, and not once reloaded', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'copiedTab' });
    const seen = recordEvents(button);
    await clickCutOff(button);
    // The partner's own code opens another of its pages, on a click (popup blockers).
    const copy = (await clickToOpen(() => window.open('/test/fixtures/partner.html?partner=copiedTab&hub=isolated-hub', 'partnerCopy', 'width=400,height=300')))!;
    await eventually(() => copy.customElements?.get('dialog-onboarding-button'), 'the copy loads its button');
    const stored = JSON.parse(copy.sessionStorage.getItem('dialog-onboarding') ?? '[]') as unknown[];
    expect(stored, 'the copy dropped the records it copied from this tab').to.deep.equal([]);
    const firstLoad = copy.document;
    copy.location.reload(); // a reload may take over the page before's attempts: it has none of this tab's
    await eventually(() => copy.document !== firstLoad && copy.customElements?.get('dialog-onboarding-button'), 'the copy reloads');
    await sleep(300); // its button's take-over, a task after it connected
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'mine', channels: ['chMine'] });
    expect((await within(onboarded, 8000, 'this tab\'s button gets its result')).detail.client).to.equal('mine');
    await sleep(500);
    expect((copy as Window & { recorded: unknown[] }).recorded, 'the copy reported nothing').to.deep.equal([]);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    copy.close();
  });
});

describe('two copies of the library in one tab (two same-origin frames)', () => {
  it('gives a cut-off popup\'s result to the copy that opened it, once, not to the other copy\'s button of the same configuration', async () => {
    const first = await partnerFrame('partner=twoCopies&hub=isolated-hub');
    const firstSeen = recordEvents(first.button);
    const cancelled = next(first.button, 'onboarding-cancel');
    await realClick(first.button);
    await cancelled;
    const second = await partnerFrame('partner=twoCopies&hub=isolated-hub'); // loaded after the click
    const secondSeen = recordEvents(second.button);
    await sleep(300);
    const onboarded = next(first.button, 'onboarded');
    await hub('submit', { client: 'firstCopy', channels: ['chC'] });
    expect((await onboarded).detail.client).to.equal('firstCopy');
    await sleep(500);
    expect(firstSeen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    expect(secondSeen).to.deep.equal([]);
  });
});

describe('a reload between the clicks on two hubs\' buttons', () => {
  it('gives the first hub\'s popup result to the first hub\'s button on the reloaded page, never to the second hub\'s', async () => {
    const page = await frameAt('/test/fixtures/two-hubs.html', 'dialog-onboarding-button');
    page.style.cssText = 'width:400px;height:200px;border:0';
    const buttons = () => [...page.contentDocument!.querySelectorAll('dialog-onboarding-button')] as DialogOnboardingButton[];
    let cancelled = next(buttons()[0], 'onboarding-cancel');
    await realClick(buttons()[0]); // hub A, cut off
    await within(cancelled, 10000, 'hub A cuts its popup off');
    const before = page.contentDocument;
    page.contentWindow!.location.reload();
    await eventually(() => page.contentDocument !== before && page.contentWindow!.customElements?.get('dialog-onboarding-button') && buttons().length === 2, 'the page reloads');
    await sleep(300); // the take-over, a task after the buttons connect
    const [hubA, hubB] = buttons();
    const seenA = recordEvents(hubA);
    const seenB = recordEvents(hubB);
    cancelled = next(hubB, 'onboarding-cancel');
    await realClick(hubB); // hub B, cut off too
    await within(cancelled, 10000, 'hub B cuts its popup off');
    const onboarded = next(hubA, 'onboarded');
    await hub('submit', { client: 'hubAClient', channels: ['chA'], oldest: true });
    expect((await within(onboarded, 8000, 'hub A\'s result reaches the reloaded page\'s hub A button')).detail.client).to.equal('hubAClient');
    await sleep(500);
    expect(seenA.map((event) => event.type)).to.deep.equal(['onboarded']);
    expect(seenB.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
    hubB.close();
  });
});
