// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { standIn } from './demo/stand-in-server.mjs';
import { testEndpoints } from './test/server/endpoints.mjs';
import { hubCommands } from './test/server/hub-commands.mjs';
import { sveltePlugin } from './test/server/svelte-plugin.mjs';

// Debian's Chromium unless CHROME_PATH names another; no browser download works here.
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const args = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/**/*.test.{ts,tsx}'],
  // 'browser' as bundlers do: Svelte's `mount` and esm-env's BROWSER live behind it ('development' is wtr's default).
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // The page runs on http://localhost:8765; http://127.0.0.1:8765 is the second origin (the stand-in hub).
  hostname: 'localhost',
  port: 8765,
  concurrency: 1,
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath, args } })],
  plugins: [sveltePlugin(), esbuildPlugin({ ts: true, tsx: true, target: 'es2022', tsconfig: 'tsconfig.json' }), hubCommands()],
  middleware: [
    async (ctx, next) => {
      if (await testEndpoints(ctx.req, ctx.res)) return void (ctx.respond = false);
      if (await standIn(ctx.req, ctx.res)) return void (ctx.respond = false);
      // standIn may have rewritten a hub address to its page
      ctx.url = ctx.req.url ?? ctx.url;
      await next();
    },
  ],
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 5 * 60 * 1000,
};
