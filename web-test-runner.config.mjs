// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { browsers, freePort } from './test/server/browsers.mjs';
import { hubCommands } from './test/server/hub-commands.mjs';
import { lastWords } from './test/server/last-words.mjs';
import { testServerMiddleware } from './test/server/middleware.mjs';
import { sveltePlugin } from './test/server/svelte-plugin.mjs';
import { engineTotals } from './test/server/totals.mjs';

lastWords();

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/**/*.test.{ts,tsx}'],
  // 'browser' as bundlers do: Svelte's `mount` and esm-env's BROWSER live behind it ('development' is wtr's default).
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // The page runs on http://localhost:PORT; http://127.0.0.1:PORT is the second origin (the stand-in
  // hub), http://127.0.0.2:PORT a third (an attacker's). PORT is free when the run starts, so two
  // runs on one machine do not collide.
  hostname: 'localhost',
  port: await freePort(),
  // One test file at a time per engine (the tests use the page's focus; WebDriver runs the suite in
  // one window only then), the engines side by side.
  concurrency: 1,
  concurrentBrowsers: 3,
  browsers: await browsers(),
  reporters: [defaultReporter(), engineTotals()],
  plugins: [sveltePlugin(), esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: 'tsconfig.json' }), hubCommands()],
  middleware: [testServerMiddleware],
  testFramework: { config: { timeout: 20000 } },
  // Per test file: one-report's 1,000 real clicks take 80 s in Chromium alone, several minutes beside two engines.
  testsFinishTimeout: 10 * 60 * 1000,
};
