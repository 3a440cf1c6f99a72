// @ts-check
/**
 * Endpoints only the tests need: a parameters backend whose answer, status
 * and delay the test chooses, and a log of which hub requests arrived.
 */
import { DEMO_SECRET, signAttempt } from '../../demo/stand-in-server.mjs';

/** Hub page requests seen, per partner ID, so a test can prove the hub was never opened. */
const hubRequests = new Map();

/** Attempts signed so far: each signs one second later, so two quick attempts never share a signature. */
let attempts = 0;

/**
 * `POST /test/api/parameters?status=500&delay=2000&body=…`: answers `body`
 * (default: a fresh signature) with `status` after `delay` ms.
 * `GET /test/api/hub-requests?partner=X`: how many times X's hub page was asked for.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function testEndpoints(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  const hub = /^\/demo\/(?:isolated-)?hub\/([^/]+)\/permissions$/.exec(url.pathname);
  if (hub) hubRequests.set(hub[1], (hubRequests.get(hub[1]) ?? 0) + 1);

  if (url.pathname === '/test/api/hub-requests') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(hubRequests.get(url.searchParams.get('partner')) ?? 0));
    return true;
  }
  if (url.pathname === '/test/api/parameters' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { partnerId } = JSON.parse(body);
    await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('delay') ?? 0)));
    res.statusCode = Number(url.searchParams.get('status') ?? 200);
    res.setHeader('content-type', 'application/json');
    res.end(url.searchParams.get('body') ?? JSON.stringify(signAttempt(partnerId, DEMO_SECRET, Date.now() + ++attempts * 1000)));
    return true;
  }
  return false;
}
