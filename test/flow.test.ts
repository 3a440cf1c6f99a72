/**
 * End to end, through real popups across two origins: the page on localhost,
 * the stand-in hub on 127.0.0.1, the callback page back on localhost.
 */
import { expect } from '@open-wc/testing';
import { recordAttempt, setState } from '../src/attempt.js';
import { DEFAULT_HUB_URL, permissionsUrl } from '../src/protocol.js';
import { CALLBACK_URL, STAND_IN_HUB, buttonFixture, clickToOpen, eventually, frameAt, hub, next, realClick, recordEvents, sleep } from './helpers.js';

describe('onboarding flow', () => {
  it('reports onboarded with the client and granted channels', async () => {
    const button = await buttonFixture();
    await realClick(button);
    expect(button.busy).to.equal(true);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'client1', channels: ['chA', 'chB'] });
    const { detail } = await onboarded;
    expect(detail.client).to.equal('client1');
    expect(detail.channels).to.deep.equal(['chA', 'chB']);
    expect(detail.revoked).to.deep.equal([]);
    expect(detail.params.client).to.equal('client1');
    expect(button.busy).to.equal(false);
  });

  it('reports onboarded, then revoked, for a result that does both', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    const revoked = next(button, 'revoked');
    await hub('submit', { client: 'client2', channels: ['chA'], revoked: ['chOld'] });
    await revoked;
    expect(seen).to.deep.equal([
      { type: 'onboarded', detail: seen[0].detail },
      { type: 'revoked', detail: { client: 'client2', channels: ['chOld'] } },
    ]);
    expect((seen[0].detail as { channels: string[] }).channels).to.deep.equal(['chA']);
  });

  it('reports only revoked when nothing was granted', async () => {
    const button = await buttonFixture();
    const seen = recordEvents(button);
    await realClick(button);
    const revoked = next(button, 'revoked');
    await hub('submit', { client: 'client3', channels: [], revoked: ['chX', 'chY'] });
    const { detail } = await revoked;
    expect(detail).to.deep.equal({ client: 'client3', channels: ['chX', 'chY'] });
    await sleep(100);
    expect(seen.map((event) => event.type)).to.deep.equal(['revoked']);
  });
});

describe('onboarding flow, variations', () => {
  it('accepts percent-encoded lists from the hub', async () => {
    const button = await buttonFixture();
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'client4', channels: ['chA', 'chB'], revoked: ['chC'], encode: true });
    const { detail } = await onboarded;
    expect(detail.channels).to.deep.equal(['chA', 'chB']);
    expect(detail.revoked).to.deep.equal(['chC']);
  });

  it('lets each of two buttons on a page handle only its own popup', async () => {
    const partnerPayment = await buttonFixture({ 'partner-id': 'partnerPP' });
    const directPayment = await buttonFixture({ 'partner-id': 'partnerDP' });
    const seenPP = recordEvents(partnerPayment);
    await realClick(directPayment);
    expect(await hub('url')).to.contain('/partnerDP/permissions');
    const onboarded = next(directPayment, 'onboarded');
    await hub('submit', { client: 'client5', channels: ['chDP'] });
    const { detail } = await onboarded;
    expect(detail.channels).to.deep.equal(['chDP']);
    expect(partnerPayment.busy).to.equal(false);
    await sleep(100);
    expect(seenPP).to.deep.equal([]);
  });

  it('sends prefill parameters to the hub, percent-encoded', async () => {
    const button = await buttonFixture();
    button.queryParameters = { email: 'a+b@example.com', name: 'Ana & Bo = "us"', state: 'x/y?z#w', lang: 'de' };
    await realClick(button);
    const url = new URL(await hub('url'));
    const raw = url.search;
    expect(raw).to.contain('email=a%2Bb%40example.com');
    expect(raw).to.contain('name=Ana%20%26%20Bo%20%3D%20%22us%22');
    expect(raw).to.contain('state=x%2Fy%3Fz%23w');
    expect(url.searchParams.get('redirect_url')).to.equal(`${location.origin}/demo/callback.html`);
    expect(url.searchParams.get('lang')).to.equal('de');
    button.close();
  });

  it('hands back and closes when the redirect URL is the button page itself', async () => {
    const button = await buttonFixture({ 'redirect-url': '/test/fixtures/button-page.html' });
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'client6', channels: ['chSelf'] });
    const { detail } = await onboarded;
    expect(detail).to.include({ client: 'client6' });
    expect(detail.channels).to.deep.equal(['chSelf']);
  });

  it('hands back from the button page in the popup even when an unfinished full-page attempt was recorded in this tab', async () => {
    // Left by a full-page attempt the client came back from with Back: the popup starts with a
    // copy of this tab's session storage, and such a record there must not make it report in place.
    recordAttempt(permissionsUrl(STAND_IN_HUB, 'partnerA'), 'left');
    const button = await buttonFixture({ 'redirect-url': '/test/fixtures/button-page.html' });
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'clientMark', channels: ['chMark'] });
    expect((await onboarded).detail.client).to.equal('clientMark');
    expect(sessionStorage.getItem('dialog-onboarding') ?? '', 'the stale record is gone').to.not.contain('"left"');
  });

  for (const page of ['button-page', 'callback-page']) {
    it(`reports a full-page return in place on the ${page.replace('-page', '')}'s page, even in a window another page of this origin opened`, async () => {
      // A partner page that its own app opened as a popup, in full-page mode: back from the hub,
      // its opener did not open it for this attempt, so handing the result there would lose it.
      const seen: unknown[] = [];
      const onMessage = (event: MessageEvent) => seen.push(event.data);
      addEventListener('message', onMessage);
      const attempt = recordAttempt(permissionsUrl(DEFAULT_HUB_URL, 'selfPartner'), 'left')!; // the window copies it
      const popup = await clickToOpen(() => window.open(`/test/fixtures/${page}.html?client=inPlace&channels=[chP]`, `full-page-${page}`, 'width=400,height=400')!);
      try {
        setState(attempt, null);
        const recorded = () => (popup as unknown as { recorded?: Array<{ type: string; detail: { client: string } }> }).recorded ?? [];
        await eventually(() => recorded().length > 0, 'the window reports the result itself');
        expect(recorded().map(({ type, detail }) => [type, detail.client])).to.deep.equal([['onboarded', 'inPlace']]);
        expect(popup.closed).to.equal(false);
        expect(seen, 'nothing handed to the opener').to.deep.equal([]);
      } finally {
        removeEventListener('message', onMessage);
        popup.close();
      }
    });
  }

  it('takes a result over the redirect page written from the guide', async () => {
    const button = await buttonFixture({ 'redirect-url': '/test/fixtures/guide-callback.html' });
    await realClick(button);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'client7', channels: ['chGuide'], encode: true });
    const { detail } = await onboarded;
    expect(detail.client).to.equal('client7');
    expect(detail.channels).to.deep.equal(['chGuide']);
  });

  it('hands our callback page\'s result to an opener written from the guide, as the same string', async () => {
    // The guide's opener: window.open(...) and a message listener reading `data` as the query.
    const received = new Promise<MessageEvent>((resolve) => {
      window.addEventListener('message', function listener(event) {
        if (typeof event.data != 'string' || !event.data.includes('client=')) return;
        window.removeEventListener('message', listener);
        resolve(event);
      });
    });
    const url = `${STAND_IN_HUB}/guidePartner/permissions?redirect_url=${encodeURIComponent(CALLBACK_URL)}`;
    const popup = await clickToOpen(() => window.open(url, 'integratedOnboardingWindow', 'toolbar=no, menubar=no, width=600, height=900'));
    expect(popup).to.not.equal(null);
    await hub('submit', { client: 'client8', channels: ['chA', 'chB'] });
    const event = await received;
    expect(event.data).to.equal('?client=client8&channels=[chA,chB]');
    expect(event.origin).to.equal(location.origin);
    await eventually(() => popup!.closed, 'the callback page closes its window');
  });
});

describe('full-page return', () => {
  const pageInFrame = (query: string) => frameAt(`/test/fixtures/button-page.html${query}`);
  type Recorded = Array<{ type: string; detail: unknown }>;
  const recorded = (frame: HTMLIFrameElement) => (frame.contentWindow as unknown as { recorded: Recorded }).recorded;

  it('reports a result in the page URL once, for the attempt this tab left with, then removes it from the address bar', async () => {
    recordAttempt(permissionsUrl(DEFAULT_HUB_URL, 'selfPartner'), 'left');
    const frame = await pageInFrame('?client=clientFP&channels=[chFP]&revoked=[]&keep=1');
    await eventually(() => recorded(frame).length > 0, 'the page\'s button reports the result');
    expect(recorded(frame)).to.deep.equal([
      { type: 'onboarded', detail: { client: 'clientFP', channels: ['chFP'], revoked: [], params: { client: 'clientFP', channels: '[chFP]', revoked: '[]', keep: '1' } } },
    ]);
    expect(frame.contentWindow!.location.search).to.equal('?keep=1');

    frame.contentWindow!.location.reload();
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    await sleep(1500);
    expect(recorded(frame)).to.deep.equal([]);
    frame.remove();
  });

  it("leaves a partner page's own ?client=42 alone: no event, nothing removed from the address bar", async () => {
    const frame = await pageInFrame('?client=42&tab=billing');
    await sleep(1500);
    expect(recorded(frame)).to.deep.equal([]);
    expect(frame.contentWindow!.location.search).to.equal('?client=42&tab=billing');
    frame.remove();
  });

  it('reports a result in the page URL only when this tab left for the hub with a recorded attempt', async () => {
    const frame = await pageInFrame('?client=unasked&channels=[chU]');
    await sleep(1500);
    expect(recorded(frame)).to.deep.equal([]);
    expect(frame.contentWindow!.location.search, 'the page is left alone').to.equal('?client=unasked&channels=[chU]');
    frame.remove();
  });

  it('reports the result on the button of the attempt\'s configuration only', async () => {
    recordAttempt(permissionsUrl(DEFAULT_HUB_URL, 'anotherPartner'), 'left');
    const frame = await pageInFrame('?client=elsewhere&channels=[chE]');
    await sleep(1500);
    expect(recorded(frame)).to.deep.equal([]);
    frame.remove();
  });

  it('reports an invalid result in the page URL as invalid-result', async () => {
    recordAttempt(permissionsUrl(DEFAULT_HUB_URL, 'selfPartner'), 'left');
    const frame = await pageInFrame('?client=%3Cb%3Ex%3C%2Fb%3E&channels=[a]');
    await eventually(() => recorded(frame).length > 0, 'the page\'s button reports the error');
    expect(recorded(frame)[0]).to.have.property('type', 'onboarding-error');
    expect((recorded(frame)[0].detail as { reason: string }).reason).to.equal('invalid-result');
    frame.remove();
  });
});
