/**
 * Per-attempt parameters (`parameters-url`, `prepareParameters`), through real
 * popups: the click opens a same-origin "Preparing…" popup at once, the
 * parameters are fetched, then the popup goes to the hub; any failure closes
 * the popup before a hub page is ever asked for.
 */
import { expect } from '@open-wc/testing';
import type { DialogOnboardingButton, PrepareContext, QueryParameters } from '../src/index.js';
import { buttonFixture, closePopup, eventually, hub, innerButton, next, realClick, recordEvents, sleep } from './helpers.js';

/** A partner ID no other test (nor an earlier run against the same server) uses, so server-side counts do not mix. */
const RUN = Math.random().toString(36).slice(2, 8);
let partners = 0;
const uniquePartner = (name: string) => `${name}-${RUN}-${++partners}`;

/** The test backend's parameters endpoint, answering `body` (default: a fresh signature) with `status` after `delay` ms. */
function parametersEndpoint(options: { delay?: number; status?: number; body?: string; redirect?: string } = {}): string {
  const query = new URLSearchParams();
  if (options.redirect !== undefined) query.set('redirect', options.redirect);
  if (options.delay !== undefined) query.set('delay', String(options.delay));
  if (options.status !== undefined) query.set('status', String(options.status));
  if (options.body !== undefined) query.set('body', options.body);
  const search = query.toString();
  return `/test/api/parameters${search && '?' + search}`;
}

interface ParametersRequest {
  method: string;
  contentType: string;
  cookie: string;
  body: { partnerId: string; parameters: QueryParameters };
  status: number;
  answer: string;
}

/** What the parameters endpoint received for `partner`, oldest first. */
async function parametersRequests(partner: string): Promise<ParametersRequest[]> {
  const response = await fetch(`/test/api/parameters-requests?partner=${encodeURIComponent(partner)}`);
  if (!response.ok) throw new Error(`parameters-requests answered HTTP ${response.status}`);
  return (await response.json()) as ParametersRequest[];
}

/** How many times `partner`'s hub page was asked for: 0 proves no hub ever loaded. */
async function hubRequests(partner: string): Promise<number> {
  const response = await fetch(`/test/api/hub-requests?partner=${encodeURIComponent(partner)}`);
  if (!response.ok) throw new Error(`hub-requests answered HTTP ${response.status}`);
  return (await response.json()) as number;
}

/** The query the newest hub page was opened with. */
async function hubQuery(): Promise<URLSearchParams> {
  return new URL(await hub('url')).searchParams;
}

/**
 * Resolves once Playwright sees exactly one popup. The window exists as soon as
 * the click returns (`expectPreparingPopup` reads it synchronously); Playwright
 * may learn of it a moment later.
 */
function onePopup(): Promise<void> {
  return eventually(async () => (await hub('count')) === 1, 'one popup is open');
}

/** Resolves once no popup is open any more. */
function popupsClosed(message = 'the popup closes'): Promise<void> {
  return eventually(async () => (await hub('count')) === 0, message);
}

function expectNotBusy(button: DialogOnboardingButton): void {
  expect(button.busy, 'busy').to.equal(false);
  expect(innerButton(button).getAttribute('aria-busy'), 'aria-busy').to.equal('false');
}

/** Keeps a reference to every window `window.open` returns (the real one still opens it). */
let openedWindows: Window[] = [];
const originalOpen = window.open;
beforeEach(async () => {
  // Popups of an earlier test may still be closing; counts below start from none.
  await popupsClosed('no popup is left from an earlier test');
  openedWindows = [];
  window.open = function (this: Window, ...args: Parameters<typeof window.open>) {
    const opened = originalOpen.apply(this, args);
    if (opened) openedWindows.push(opened);
    return opened;
  } as typeof window.open;
});
afterEach(() => {
  window.open = originalOpen;
  // A test that failed midway must not leave its popup over the next test's counts.
  for (const popup of openedWindows) if (!popup.closed) popup.close();
});

/** The one popup the test opened, checked to show the same-origin "Preparing…" page. */
function expectPreparingPopup(): Window {
  expect(openedWindows, 'popups opened').to.have.length(1);
  const popup = openedWindows[0];
  expect(popup.closed, 'popup closed').to.equal(false);
  // Readable at all only because it is same-origin: the hub (127.0.0.1) would throw here.
  expect(popup.location.href).to.equal('about:blank');
  expect(popup.document.body.textContent).to.equal('Preparing…');
  return popup;
}

describe('parameters-url', () => {
  it('POSTs the partner ID and queryParameters as JSON, with the page\'s cookies, and sends the answer to the hub', async () => {
    const partner = uniquePartner('prepPost');
    const cookie = `prepareTest${RUN}=${partner}`;
    document.cookie = `${cookie}; path=/`;
    try {
      const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint() });
      button.queryParameters = { email: 'ana@example.com', lang: 'de' };
      await realClick(button);
      const query = await hubQuery();

      const requests = await parametersRequests(partner);
      expect(requests).to.have.length(1);
      const [request] = requests;
      expect(request.method).to.equal('POST');
      expect(request.contentType).to.match(/^application\/json\b/);
      expect(request.body).to.deep.equal({ partnerId: partner, parameters: { email: 'ana@example.com', lang: 'de' } });
      expect(request.cookie.split('; ')).to.include(cookie);

      const answer = JSON.parse(request.answer) as QueryParameters;
      expect(answer.io_signature).to.match(/^[0-9a-f]{128}$/);
      expect(query.get('io_signature')).to.equal(answer.io_signature);
      expect(query.get('io_timestamp')).to.equal(answer.io_timestamp);
      expect(query.get('email')).to.equal('ana@example.com');
      expect(await hubRequests(partner)).to.equal(1);
      button.close();
    } finally {
      document.cookie = `${cookie.split('=')[0]}=; path=/; max-age=0`;
    }
  });

  it('opens the popup on a same-origin "Preparing…" page at once, and loads the hub only when a slow endpoint answers', async () => {
    const partner = uniquePartner('prepSlow');
    const body = JSON.stringify({ io_signature: `sig-${partner}`, io_timestamp: '1700000000' });
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ delay: 1500, body }) });
    const clickedAt = performance.now();
    await realClick(button);

    // The click did not wait for the backend: the popup is there, blank and ours, and no hub yet.
    const popup = expectPreparingPopup();
    await onePopup();
    expect(popup.document.title).to.equal('Preparing…');
    expect(await hubRequests(partner)).to.equal(0);
    expect(button.busy).to.equal(true);
    expect(await parametersRequests(partner), 'the backend was asked').to.have.length(1);

    const query = await hubQuery();
    expect(performance.now() - clickedAt, 'the hub waited for the answer').to.be.at.least(1400);
    expect(query.get('io_signature')).to.equal(`sig-${partner}`);
    expect(query.get('io_timestamp')).to.equal('1700000000');
    expect(await hub('count'), 'the same popup went on to the hub').to.equal(1);
    expect(openedWindows).to.have.length(1);
    expect(await hubRequests(partner)).to.equal(1);
    expect(button.busy).to.equal(true);
    button.close();
  });

  it('sends the hub the queryParameters and the prepared values, the prepared ones winning on the same name', async () => {
    const partner = uniquePartner('prepMerge');
    const body = JSON.stringify({ io_signature: 'fresh-signature', io_timestamp: '1700000001', state: 'from-backend' });
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ body }) });
    button.queryParameters = { email: 'bo@example.com', state: 'from-page', io_signature: 'stale-signature', lang: 'pt' };
    await realClick(button);
    const query = await hubQuery();

    expect(query.getAll('state')).to.deep.equal(['from-backend']);
    expect(query.getAll('io_signature')).to.deep.equal(['fresh-signature']);
    expect(query.get('io_timestamp')).to.equal('1700000001');
    expect(query.get('email')).to.equal('bo@example.com');
    expect(query.get('lang')).to.equal('pt');
    expect(query.get('redirect_url')).to.equal(`${location.origin}/demo/callback.html`);
    // The backend saw the page's own values, to add to or override.
    const [request] = await parametersRequests(partner);
    expect(request.body.parameters).to.deep.equal({ email: 'bo@example.com', state: 'from-page', io_signature: 'stale-signature', lang: 'pt' });
    button.close();
  });

  it('asks again on a second attempt, and that attempt carries a different signature', async () => {
    const partner = uniquePartner('prepAgain');
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint() });

    await realClick(button);
    const first = await hubQuery();
    await closePopup(button);
    await popupsClosed();

    await realClick(button);
    const second = await hubQuery();

    const requests = await parametersRequests(partner);
    expect(requests, 'one request per attempt').to.have.length(2);
    const answers = requests.map((request) => JSON.parse(request.answer) as QueryParameters);
    expect(first.get('io_signature')).to.equal(answers[0].io_signature);
    expect(second.get('io_signature')).to.equal(answers[1].io_signature);
    expect(second.get('io_signature')).to.be.a('string').and.not.equal(first.get('io_signature'));
    expect(second.get('io_timestamp')).to.not.equal(first.get('io_timestamp'));
    expect(await hubRequests(partner)).to.equal(2);

    // The second attempt finishes like any other.
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'signedClient', channels: ['chSigned'] });
    expect((await onboarded).detail.client).to.equal('signedClient');
  });
});

describe('prepareParameters', () => {
  it('is called with the partner ID, the queryParameters and a live signal, and its answer reaches the hub', async () => {
    const partner = uniquePartner('prepFn');
    const button = await buttonFixture({ 'partner-id': partner });
    button.queryParameters = { name: 'Ana', state: 'from-page' };
    const calls: PrepareContext[] = [];
    button.prepareParameters = async (context) => {
      calls.push(context);
      await sleep(200);
      return { state: `attempt-${calls.length}`, partner: 'user-42' };
    };
    await realClick(button);
    expectPreparingPopup();
    await onePopup();

    const query = await hubQuery();
    expect(calls).to.have.length(1);
    expect(calls[0].partnerId).to.equal(partner);
    expect(calls[0].parameters).to.deep.equal({ name: 'Ana', state: 'from-page' });
    expect(calls[0].signal).to.be.instanceOf(AbortSignal);
    expect(calls[0].signal.aborted).to.equal(false);
    expect(query.get('state')).to.equal('attempt-1');
    expect(query.get('partner')).to.equal('user-42');
    expect(query.get('name')).to.equal('Ana');
    button.close();
  });

  it('wins over parameters-url when both are set', async () => {
    const partner = uniquePartner('prepBoth');
    const button = await buttonFixture({
      'partner-id': partner,
      'parameters-url': parametersEndpoint({ body: JSON.stringify({ io_signature: 'from-url', io_timestamp: '1' }) }),
    });
    button.prepareParameters = async () => ({ io_signature: 'from-function', io_timestamp: '2' });
    await realClick(button);
    const query = await hubQuery();
    expect(query.get('io_signature')).to.equal('from-function');
    expect(query.get('io_timestamp')).to.equal('2');
    expect(await parametersRequests(partner), 'the endpoint was never asked').to.deep.equal([]);
    button.close();
  });

  it('aborts its signal when the client closes the "Preparing…" popup, and opens no hub', async () => {
    const partner = uniquePartner('prepAbortClose');
    const button = await buttonFixture({ 'partner-id': partner });
    const seen = recordEvents(button);
    let signal: AbortSignal | undefined;
    let answer: (value: QueryParameters) => void = () => {};
    button.prepareParameters = (context) => {
      signal = context.signal;
      return new Promise((resolve) => (answer = resolve));
    };
    await realClick(button);
    const popup = expectPreparingPopup();
    expect(signal?.aborted).to.equal(false);

    const cancelled = next(button, 'onboarding-cancel');
    popup.close(); // as the client closing the window
    await cancelled;
    await eventually(() => signal?.aborted, 'the signal is aborted');

    answer({ io_signature: 'too-late', io_timestamp: '3' }); // a function that ignores the signal
    await sleep(500);
    expect(await hubRequests(partner)).to.equal(0);
    expect(await hub('count')).to.equal(0);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
    expectNotBusy(button);
  });

  it('aborts its signal and closes the popup when the element is removed mid-prepare, and opens no hub', async () => {
    const partner = uniquePartner('prepAbortRemove');
    const button = await buttonFixture({ 'partner-id': partner });
    const seen = recordEvents(button);
    let signal: AbortSignal | undefined;
    button.prepareParameters = (context) => {
      signal = context.signal;
      return new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
    };
    await realClick(button);
    expectPreparingPopup();
    expect(signal?.aborted).to.equal(false);

    button.remove();
    await eventually(() => signal?.aborted, 'the signal is aborted');
    await popupsClosed();
    await sleep(300);
    expect(await hubRequests(partner)).to.equal(0);
    expect(seen, 'a removed element reports nothing').to.deep.equal([]);
  });
});

describe('failing to prepare', () => {
  interface FailureKind {
    /** Completes "gives prepare-failed … when …". */
    when: string;
    attributes?: (partner: string) => Record<string, string>;
    prepare?: () => Promise<QueryParameters>;
    /** What the message must name. */
    cause: RegExp;
    /** How long a late answer could still come: the test waits that long before checking no hub loaded. */
    settleMs?: number;
  }
  const slowly = 400; // long enough to see the "Preparing…" popup before it fails
  const failing = (options: Parameters<typeof parametersEndpoint>[0]) => () => ({ 'parameters-url': parametersEndpoint({ delay: slowly, ...options }) });
  const kinds: FailureKind[] = [
    { when: 'the endpoint answers HTTP 500', attributes: failing({ status: 500, body: '{"error":"boom"}' }), cause: /HTTP 500/ },
    { when: 'the endpoint answers HTTP 403', attributes: failing({ status: 403, body: '{"io_signature":"x"}' }), cause: /HTTP 403/ },
    { when: 'the endpoint answers something that is not JSON', attributes: failing({ body: '<html>oops' }), cause: /did not answer JSON/ },
    { when: 'a value is not a string', attributes: failing({ body: '{"io_signature":5,"io_timestamp":"1"}' }), cause: /"io_signature" is not a string/ },
    { when: 'the endpoint answers a JSON array', attributes: failing({ body: '["io_signature","x"]' }), cause: /must be an object of strings/ },
    { when: 'the endpoint answers JSON null', attributes: failing({ body: 'null' }), cause: /must be an object of strings/ },
    {
      when: 'prepareParameters rejects',
      prepare: async () => {
        await sleep(slowly);
        throw new Error('the signing service is down');
      },
      cause: /the signing service is down/,
    },
    {
      when: 'the endpoint does not answer within prepare-timeout',
      attributes: () => ({ 'parameters-url': parametersEndpoint({ delay: 2000 }), 'prepare-timeout': '300' }),
      cause: /no answer within 300 ms/,
      settleMs: 2000,
    },
  ];

  for (const kind of kinds) {
    it(`gives prepare-failed naming the cause, closes the popup and opens no hub when ${kind.when}`, async () => {
      const partner = uniquePartner('prepFail');
      const button = await buttonFixture({ 'partner-id': partner, ...kind.attributes?.(partner) });
      if (kind.prepare) button.prepareParameters = kind.prepare;
      const seen = recordEvents(button);
      const failed = next(button, 'onboarding-error');
      const clickedAt = performance.now();
      await realClick(button);
      expectPreparingPopup(); // the popup opened first

      const { detail } = await failed;
      expect(detail.reason).to.equal('prepare-failed');
      expect(detail.message).to.match(/could not prepare the onboarding link/i);
      expect(detail.message).to.match(kind.cause);
      expectNotBusy(button);
      expect(openedWindows[0].closed, 'the popup is closed').to.equal(true);
      await popupsClosed();

      // Nothing comes later either: no hub page, no second event.
      await sleep(Math.max(0, (kind.settleMs ?? 0) - (performance.now() - clickedAt)) + 300);
      expect(await hubRequests(partner)).to.equal(0);
      expect(await hub('count')).to.equal(0);
      expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-error']);
    });
  }

  it('fails on the timeout, not when the slow endpoint finally answers', async () => {
    const partner = uniquePartner('prepTimeout');
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ delay: 3000 }), 'prepare-timeout': '300' });
    const failed = next(button, 'onboarding-error');
    const clickedAt = performance.now();
    await realClick(button);
    await failed;
    const elapsed = performance.now() - clickedAt;
    expect(elapsed).to.be.at.least(290);
    expect(elapsed).to.be.below(2000);
  });

  it('can be tried again after a failure, and then reaches the hub', async () => {
    const partner = uniquePartner('prepRetry');
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ status: 500 }) });
    const failed = next(button, 'onboarding-error');
    await realClick(button);
    await failed;
    await popupsClosed();

    button.setAttribute('parameters-url', parametersEndpoint());
    await button.updateComplete;
    await realClick(button);
    const query = await hubQuery();
    const requests = await parametersRequests(partner);
    expect(requests.map((request) => request.status)).to.deep.equal([500, 200]);
    expect(query.get('io_signature')).to.equal((JSON.parse(requests[1].answer) as QueryParameters).io_signature);
    expect(await hubRequests(partner)).to.equal(1);
    button.close();
  });
});

describe('client closing the "Preparing…" popup', () => {
  it('reports onboarding-cancel, and opens no hub when the answer arrives afterwards', async () => {
    const partner = uniquePartner('prepCancel');
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ delay: 2000 }) });
    const seen = recordEvents(button);
    const cancelled = next(button, 'onboarding-cancel');
    await realClick(button);
    const popup = expectPreparingPopup();

    popup.close(); // as the client closing the window
    await cancelled;
    expectNotBusy(button);
    expect(await hubRequests(partner)).to.equal(0);

    // The request was made; whether it was aborted or answered, no hub follows.
    expect(await parametersRequests(partner)).to.have.length(1);
    await sleep(2300);
    expect(await hubRequests(partner)).to.equal(0);
    expect(await hub('count')).to.equal(0);
    expect(seen.map((event) => event.type)).to.deep.equal(['onboarding-cancel']);
  });
});

describe('per-attempt parameters that cannot work', () => {
  it('gives prepare-failed, closes the popup and opens no hub when the prepared link is longer than browsers open', async () => {
    const button = await buttonFixture({ 'partner-id': uniquePartner('tooLong') });
    button.prepareParameters = async () => ({ io_signature: 'x'.repeat(2 * 1024 * 1024) });
    const failed = next(button, 'onboarding-error');
    await realClick(button);
    const { detail } = await failed;
    expect(detail.reason).to.equal('prepare-failed');
    expect(detail.message).to.match(/browsers open at most/);
    await eventually(async () => (await hub('count')) === 0, 'the popup closes');
    expect(button.busy).to.equal(false);
  });

  it('refuses an endpoint\'s redirect to another origin: prepare-failed, and the body (the client\'s e-mail) never goes there', async () => {
    const partner = uniquePartner('redirected');
    const elsewhere = `${location.protocol}//127.0.0.2:${location.port}/test/api/parameters?cors=1`;
    const button = await buttonFixture({ 'partner-id': partner, 'parameters-url': parametersEndpoint({ redirect: elsewhere }) });
    button.queryParameters = { email: 'client@example.com' };
    const failed = next(button, 'onboarding-error');
    await realClick(button);
    const { detail } = await failed;
    expect(detail.reason).to.equal('prepare-failed');
    expect(detail.message).to.match(/redirect/);
    await eventually(async () => (await hub('count')) === 0, 'the popup closes');
    expect((await parametersRequests(partner)).length, 'asked once, where the button was told: not again at the redirect').to.equal(1);
  });

  for (const [timeout, means] of [
    ['Infinity', 'more than a timer holds, as the longest wait a timer can do'],
    ['3000000000', 'more than a timer holds, as the longest wait a timer can do'],
    ['abc', 'not a number, as the default wait'],
    ['0', 'not positive, as the default wait'],
    ['-5', 'not positive, as the default wait'],
  ]) {
    it(`treats prepare-timeout="${timeout}", ${means}: the attempt goes on`, async () => {
      const button = await buttonFixture({ 'partner-id': uniquePartner('longWait'), 'prepare-timeout': timeout });
      const seen = recordEvents(button);
      button.prepareParameters = () => new Promise((resolve) => setTimeout(resolve, 300, { state: 'late' }));
      await realClick(button);
      expect(await hub('url')).to.contain('state=late');
      expect(seen).to.deep.equal([]);
      button.close();
    });
  }
});
