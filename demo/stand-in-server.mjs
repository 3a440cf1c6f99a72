// @ts-check
/**
 * The demo's and the tests' stand-ins for what lives outside this library:
 * 360dialog's permissions screen and a partner backend that signs attempts.
 * Plain Node request handlers, so Vite (connect) and the test runner (Koa)
 * mount the same code.
 */
import { createHmac } from 'node:crypto';

/** The stand-in hub: `{base}/{partnerId}/permissions`, served by demo/hub.html. */
const HUB_PATH = /^\/demo\/(hub|isolated-hub)\/[^/]+\/permissions(?:\?|$)/;

/** Demo only: a real platform secret lives in the partner's backend and nowhere else. */
export const DEMO_SECRET = 'demo-platform-secret-not-for-production';

/**
 * Signs an attempt as 360dialog's signed onboarding links require:
 * HMAC-SHA512 over `{partnerId}|{unixSeconds}` with the platform secret.
 * @param {string} partnerId
 * @param {string} secret
 * @param {number} [now] milliseconds since the epoch
 */
export function signAttempt(partnerId, secret, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac('sha512', secret).update(`${partnerId}|${timestamp}`).digest('hex');
  return { io_signature: signature, io_timestamp: timestamp };
}

/** @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || '{}');
}

/**
 * Rewrites stand-in hub addresses to demo/hub.html (an isolated hub also sends
 * COOP, which cuts the popup off from its opener), and answers the demo
 * backend's parameters endpoint. Returns true when it answered the request.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function standIn(req, res) {
  const url = req.url ?? '/';
  const hub = HUB_PATH.exec(url);
  if (hub) {
    const isolated = hub[1] === 'isolated-hub';
    if (isolated) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    // One address per kind: the test server caches a page's headers by its address, and an
    // isolated hub's COOP would then be sent with the plain hub too (docs/development.md).
    req.url = isolated ? '/demo/hub.html?isolated' : '/demo/hub.html';
    return false;
  }
  if (req.method === 'POST' && url.startsWith('/demo/api/onboarding-parameters')) {
    const { partnerId } = await readJson(req);
    const state = Math.random().toString(36).slice(2);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...signAttempt(String(partnerId), DEMO_SECRET), state }));
    return true;
  }
  return false;
}
