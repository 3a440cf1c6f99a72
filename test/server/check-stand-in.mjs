// @ts-check
/**
 * The headers the test server sets on a page, as it sends them: only the isolated hub's address
 * gets `Cross-Origin-Opener-Policy`, whichever kind was served before (and only the Trusted Types
 * page with a policy list gets that list). The test runner's server caches
 * a transformed page with its headers by address; with both kinds served as one address, the first
 * isolated hub made every later plain hub isolated too, so tests of the opener path ran cut off
 * (docs/development.md, "The stand-in hub's two kinds"). Run by `npm test` before the browser tests.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { testServerMiddleware } from './middleware.mjs';
import { sveltePlugin } from './svelte-plugin.mjs';

// The dev server the test runner itself serves with (npm may hold other versions of it elsewhere).
const fromRunner = createRequire(createRequire(import.meta.url).resolve('@web/test-runner'));
const fromCore = createRequire(fromRunner.resolve('@web/test-runner-core'));
/** @type {typeof import('@web/dev-server-core')} */
const { DevServer } = fromCore('@web/dev-server-core');

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const quiet = { log() {}, debug() {}, error: console.error, warn() {}, group() {}, groupEnd() {}, logSyntaxError: console.error };

/**
 * `header` of each address, in the order given, from one fresh server with the test runner's dev
 * server, the config's middleware and transforming plugins.
 * @param {string[]} paths @param {string} header
 */
async function headerOf(paths, header) {
  const server = new DevServer(
    {
      rootDir,
      hostname: '127.0.0.1',
      port: 0,
      // As @web/test-runner serves: its own plugin asks for the web socket script in every HTML
      // page, and that transform is what puts a page, with its headers, in the server's cache.
      injectWebSocket: true,
      // The config's plugins that transform (web-test-runner.config.mjs), then the runner's ask.
      plugins: [sveltePlugin(), esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: 'tsconfig.json' }), { name: 'as-the-test-runner', injectWebSocket: true }],
      middleware: [testServerMiddleware],
      disableFileWatcher: true,
    },
    /** @type {any} */ (quiet),
  );
  await server.start();
  try {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.server?.address());
    const found = [];
    for (const path of paths) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      assert.match(await response.text(), /__web-dev-server__web-socket/, `${path} is served as the test runner serves it`);
      found.push(`${path}: ${response.headers.get(header)}`);
    }
    return found;
  } finally {
    await server.stop();
  }
}

const hub = (/** @type {string} */ kind) => `/demo/${kind}/p/permissions`;
for (const kinds of [['isolated-hub', 'hub', 'isolated-hub', 'hub'], ['hub', 'isolated-hub', 'hub', 'isolated-hub']]) {
  const expected = kinds.map((kind) => `${hub(kind)}: ${kind === 'isolated-hub' ? 'same-origin' : null}`);
  assert.deepEqual(await headerOf(kinds.map(hub), 'cross-origin-opener-policy'), expected, 'only the isolated hub is sent COOP, whatever came before');
}
// The same rule for the other header the test server sets on a page: the Trusted Types page's policy list.
const trusted = '/test/fixtures/trusted-types.html';
assert.deepEqual(
  await headerOf([`${trusted}?policies=myapp`, trusted], 'content-security-policy'),
  [`${trusted}?policies=myapp: trusted-types myapp`, `${trusted}: null`],
  'the policy list is sent only with its own address',
);
console.log('check-stand-in: each page is sent the headers of its own address (COOP, CSP), in either order');
