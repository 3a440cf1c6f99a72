// @ts-check
/**
 * The stand-in hub's COOP, as the test server sends it: only the isolated hub's address gets
 * `Cross-Origin-Opener-Policy`, whichever kind was served before. The test runner's server caches
 * a transformed page with its headers by address; with both kinds served as one address, the first
 * isolated hub made every later plain hub isolated too, so tests of the opener path ran cut off
 * (docs/development.md, "The stand-in hub's two kinds"). Run by `npm test` before the browser tests.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DevServer } from '@web/dev-server-core';
import { testServerMiddleware } from './middleware.mjs';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const quiet = { log() {}, debug() {}, error: console.error, warn() {}, group() {}, groupEnd() {}, logSyntaxError: console.error };

/** COOP of each hub address, in the order given, from one fresh server set up as the test runner's. @param {string[]} kinds */
async function coopOf(kinds) {
  const server = new DevServer(
    {
      rootDir,
      hostname: '127.0.0.1',
      port: 0,
      // As @web/test-runner serves: it injects its web socket script into every HTML page, and
      // that transform is what puts a page, with its headers, in the server's cache.
      injectWebSocket: true,
      plugins: [{ name: 'as-the-test-runner', injectWebSocket: true }],
      middleware: [testServerMiddleware],
      disableFileWatcher: true,
    },
    /** @type {any} */ (quiet),
  );
  await server.start();
  try {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.server?.address());
    const found = [];
    for (const kind of kinds) {
      const response = await fetch(`http://127.0.0.1:${port}/demo/${kind}/p/permissions`);
      assert.match(await response.text(), /__web-dev-server__web-socket/, `the ${kind} page is served as the test runner serves it`);
      found.push(`${kind}: ${response.headers.get('cross-origin-opener-policy')}`);
    }
    return found;
  } finally {
    await server.stop();
  }
}

for (const kinds of [['isolated-hub', 'hub', 'isolated-hub', 'hub'], ['hub', 'isolated-hub', 'hub', 'isolated-hub']]) {
  const expected = kinds.map((kind) => `${kind}: ${kind === 'isolated-hub' ? 'same-origin' : null}`);
  assert.deepEqual(await coopOf(kinds), expected, 'only the isolated hub is sent COOP, whatever came before');
}
console.log('check-stand-in: only the isolated hub is sent COOP, in either order');
