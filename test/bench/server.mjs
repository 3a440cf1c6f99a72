// @ts-check
/**
 * The bench's own static server (node:http), loopback only. Listening on 127.0.0.1, it is two
 * origins to the browser: http://localhost:PORT (the partner's pages) and http://127.0.0.1:PORT
 * (the stand-in hub). It serves only what the bench pages need:
 *   /dist/…                                      the build (ours)
 *   /test/bench/…                                the bench pages
 *   /node_modules/360dialog-connect-button/dist/… the official button's bundle
 *   /bench/hub/:partner/permissions?redirect_url=… the stand-in hub: an instant redirect (below)
 * Files are served with `Cache-Control: max-age=600` (a CDN's caching), except with `?cold` in the
 * query: then `no-store`, so the browser fetches and compiles them afresh.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVED = ['/dist/', '/test/bench/', '/node_modules/360dialog-connect-button/dist/'];
const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
});

/** What the stand-in hub grants, appended to `redirect_url` as 360dialog's hub does. */
export const HUB_RESULT = 'client=benchClient&channels=[benchCh1,benchCh2]';
const HUB_PATH = /^\/bench\/hub\/[^/]+\/permissions$/;

/**
 * The stand-in hub's page: replaces itself at once with `redirect_url` + the result (a
 * renderer-initiated navigation, so the callback page's `performance.timeOrigin` is the moment
 * the hub let go, not the moment the popup opened).
 * @param {string} target
 */
function hubPage(target) {
  return `<!doctype html><meta charset="utf-8"><title>stand-in hub</title><script>location.replace(${JSON.stringify(target).replace(/</g, '\\u003c')})</script>`;
}

/** @param {string} redirect */
export function hubTarget(redirect) {
  return `${redirect}${redirect.includes('?') ? '&' : '?'}${HUB_RESULT}`;
}

/**
 * Starts the server on `port` (0: a free one the OS picks).
 * @param {number} [port]
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export async function startServer(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    if (HUB_PATH.test(url.pathname)) {
      const redirect = url.searchParams.get('redirect_url');
      if (!redirect || !/^http:\/\/(localhost|127\.0\.0\.1):\d+\//.test(redirect)) return void res.writeHead(400).end('bad redirect_url');
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      return void res.end(hubPage(hubTarget(redirect)));
    }
    const path = normalize(decodeURIComponent(url.pathname));
    const file = `${root}${path.slice(1)}`;
    if (path.includes(`..${sep}`) || !SERVED.some((prefix) => path.startsWith(prefix))) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': url.searchParams.has('cold') ? 'no-store' : 'max-age=600',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (!address || typeof address == 'string') throw new Error('the bench server has no port');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
