/**
 * Another site opens, links or navigates to the partner's redirect page (or button page) with a
 * made-up result while a button waits. It must never land on the button, which still takes its
 * own popup's genuine result. (docs/flow.md, "Threat model".)
 */
import { expect } from '@open-wc/testing';
import { ISOLATED_HUB, buttonFixture, clickCutOff, closePopup, hub, next, realClick, recordEvents, sleep, within } from '../helpers.js';
import { FORGED, FORGED_REDIRECT, attackerGoes, observe, type How } from './attack-helpers.js';

const ways: Array<[string, How, boolean]> = [
  ['opens it (window.open, with an opener)', 'open', true],
  ['opens it without an opener (noopener)', 'open-noopener', true],
  ['links to it (target=_blank)', 'link', true],
  ['navigates its frame there on a click', 'navigate', true],
  ['navigates its frame there without a click', 'navigate', false],
];

let observer: ReturnType<typeof observe>;
beforeEach(() => (observer = observe()));
afterEach(() => observer.close());

/** What the forged redirect page said of itself, once it settled. */
const forgedPageStates = () => observer.seen.filter((seen) => seen.page === '/test/fixtures/callback-page.html' && seen.state).map((seen) => seen.state);

describe('another site forging a result, while a button waits after its cancel', () => {
  for (const [what, how, click] of ways) {
    it(`gives the button nothing when another site ${what}`, async () => {
      const button = await buttonFixture({ 'partner-id': 'waitsAfterCancel' });
      const seen = recordEvents(button);
      await realClick(button);
      await hub('url');
      await closePopup(button); // cancelled: an isolated hub's result could still come
      await attackerGoes(how, FORGED_REDIRECT, { click });
      await sleep(1500);
      expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
      // (A page in the attacker's frame is third-party: its channel is partitioned away from us.)
      if (how !== 'navigate') expect(forgedPageStates(), 'the forged page knows no attempt').to.deep.equal(['handing-back', 'no-attempt']);
      expect(observer.seen.filter((event) => event.type === 'onboarded'), 'and reports nothing').to.deep.equal([]);
      button.close();
    });
  }

  it('gives the button nothing when another site opens the button page with a result', async () => {
    const button = await buttonFixture({ 'partner-id': 'fixturePartner', 'hub-url': `${location.protocol}//127.0.0.1:${location.port}/demo/hub` });
    const seen = recordEvents(button);
    await realClick(button);
    await closePopup(button);
    await attackerGoes('open', `${location.origin}/test/fixtures/partner.html${FORGED}`);
    await sleep(1500);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
    expect(observer.seen.filter((event) => event.type), 'the button page there reports nothing').to.deep.equal([]);
    button.close();
  });
});

describe('another site forging a result, while an isolated hub holds the popup cut off', () => {
  for (const [what, how, click] of ways) {
    it(`gives the button nothing when another site ${what}, and the genuine result still arrives`, async () => {
      const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'cutOffVictim' });
      const seen = recordEvents(button);
      await clickCutOff(button);
      await attackerGoes(how, FORGED_REDIRECT, { click });
      await sleep(1000);
      expect(seen.map((event) => event.type), 'nothing from the forgery').to.deep.equal(['onboarding-cancel']);
      if (how !== 'navigate') expect(forgedPageStates()).to.deep.equal(['handing-back', 'no-attempt']);
      const onboarded = next(button, 'onboarded');
      await hub('submit', { client: 'genuine', channels: ['chGenuine'], oldest: true });
      // 15 s: WebKit under three engines took over 8 s twice in a row once; the message says what each redirect page did meanwhile.
      const arrived = await within(onboarded, 15000, 'the genuine result arrives').catch((error: Error) => {
        throw new Error(`${error.message}; the redirect pages said ${JSON.stringify(observer.seen.filter((event) => event.state || event.type))}`);
      });
      expect(arrived.detail.client).to.equal('genuine');
      expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel', 'onboarded']);
    });
  }

  it('gives the button nothing for a result posted straight into this page, or to a channel of the old design', async () => {
    const button = await buttonFixture({ 'hub-url': ISOLATED_HUB, 'partner-id': 'cutOffPosted' });
    const seen = recordEvents(button);
    await clickCutOff(button);
    window.postMessage(FORGED, '*');
    const shared = new BroadcastChannel('dialog-onboarding');
    shared.postMessage({ type: 'dialog-onboarding:result', id: 'x', search: FORGED });
    shared.close();
    await sleep(500);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
    button.close();
  });
});
