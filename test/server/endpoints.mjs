// @ts-check
/**
 * Endpoints only the tests need: a parameters backend whose answer, status
 * and delay the test chooses, and a log of which hub requests arrived.
 */
import { DEMO_SECRET, signAttempt } from '../../demo/stand-in-server.mjs';

/** Hub page requests seen, per partner ID, so a test can prove the hub was never opened. */
const hubRequests = new Map();

/**
 * Parameters requests seen, per partner ID, with what each was answered, so a
 * test can check what the button sent and compare the hub's URL with the answer.
 * @type {Map<string, Array<{ method: string, contentType: string, cookie: string, body: unknown, status: number, answer: string }>>}
 */
const parametersRequests = new Map();

/** Requests under /test/api/no-content/ so far. */
let noContentRequests = 0;

/** Attempts signed so far: each signs one second later, so two quick attempts never share a signature. */
let attempts = 0;

/**
 * `POST /test/api/parameters?status=500&delay=2000&body=…`: answers `body`
 * (default: a fresh signature) with `status` after `delay` ms; with `redirect=URL`, a 307 there;
 * with `cors=1`, to any origin's page.
 * `GET /test/api/slow?delay=1500`: an empty answer after `delay` ms (a slow image).
 * `GET /test/fixtures/trusted-types.html?policies=a b`: that page, allowing only Trusted Types policies `a` and `b`.
 * `GET /test/api/no-content/…`: 204, a navigation that does not happen; counted, the count at
 * `GET /test/api/no-content-requests`.
 * `GET /test/api/hub-requests?partner=X`: how many times X's hub page was asked for.
 * `GET /test/api/parameters-requests?partner=X`: X's parameters requests, oldest first,
 * each `{ method, contentType, cookie, body, status, answer }` (`body` parsed; `answer` as it
 * is sent), logged on arrival, before the delay.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function testEndpoints(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  const hub = /^\/demo\/(?:isolated-)?hub\/([^/]+)\/permissions$/.exec(url.pathname);
  if (hub) hubRequests.set(hub[1], (hubRequests.get(hub[1]) ?? 0) + 1);

  if (url.pathname === '/test/fixtures/trusted-types.html' && url.searchParams.has('policies')) {
    // A page that lists the Trusted Types policies it allows (the page's meta tag enforces them).
    res.setHeader('content-security-policy', `trusted-types ${url.searchParams.get('policies')}`);
    return false;
  }
  if (url.pathname.startsWith('/test/api/no-content/')) {
    // A navigation here does not happen (204): as when the client answers "Stay" to a page's
    // beforeunload question.
    noContentRequests++;
    res.statusCode = 204;
    res.end();
    return true;
  }
  if (url.pathname === '/test/api/no-content-requests') {
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(noContentRequests));
    return true;
  }
  if (url.pathname === '/test/api/slow') {
    // Holds a subresource back, so a page's `load` comes late.
    await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('delay') ?? 0)));
    res.statusCode = 204;
    res.end();
    return true;
  }
  if (url.pathname === '/test/api/hub-requests') {
    res.statusCode = 200; // the test runner's Koa has set 404 until something answers
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(hubRequests.get(url.searchParams.get('partner')) ?? 0));
    return true;
  }
  if (url.pathname === '/test/api/parameters-requests') {
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(parametersRequests.get(url.searchParams.get('partner') ?? '') ?? []));
    return true;
  }
  // `cors=1`: an endpoint of another origin that lets any page send it the body (an attacker's).
  const cors = url.pathname === '/test/api/parameters' && url.searchParams.has('cors');
  if (cors) {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-allow-headers', 'content-type');
  }
  if (cors && req.method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return true;
  }
  if (url.pathname === '/test/api/parameters' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const parsed = JSON.parse(body);
    const { partnerId } = parsed;
    const status = Number(url.searchParams.get('status') ?? 200);
    const answer = url.searchParams.get('body') ?? JSON.stringify(signAttempt(partnerId, DEMO_SECRET, Date.now() + ++attempts * 1000));
    const seen = parametersRequests.get(String(partnerId)) ?? [];
    seen.push({
      method: req.method,
      contentType: req.headers['content-type'] ?? '',
      cookie: req.headers.cookie ?? '',
      body: parsed,
      status,
      answer,
    });
    parametersRequests.set(String(partnerId), seen);
    await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('delay') ?? 0)));
    const redirect = url.searchParams.get('redirect');
    if (redirect) {
      // 307 keeps the method and the body: a browser that follows it sends the POST there.
      res.statusCode = 307;
      res.setHeader('location', redirect);
      res.end();
      return true;
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(answer);
    return true;
  }
  return false;
}
