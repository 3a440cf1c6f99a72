#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: bytes and latency of dialog-onboarding, side by side with 360dialog's official
 * connect button (`360dialog-connect-button`, its UMD web component) and a partner page written
 * from 360dialog's guide, all measured in this one run, in one Chromium, over loopback only.
 *
 *   - bytes: gzip -9 of the standalone bundle, of our own code with Lit external (the package's
 *     entry and each one-element entry), of the official bundle (sizes.mjs);
 *   - result latency: from the redirect page's navigation start (its performance.timeOrigin) to
 *     the result in the opener (ours: `onboarded`; official: its `dialog-connect-callback`; guide:
 *     the partner page's `load` event after it reloaded itself with the result). Every flow starts
 *     from a real click and goes through the same instant-redirect stand-in hub on another origin;
 *   - click → window.open, and whether it ran in the click's own task;
 *   - cost at rest: loading the bundle, upgrading 1,000 buttons, timers and script time while idle,
 *     and what 10,000 connect/disconnect cycles leave behind (window listeners, heap, DOM nodes).
 *
 * Prints a markdown table (for the README) and the machine line. Builds first if dist/ is missing.
 * Environment: BENCH_RUNS (flow runs, default 30), BENCH_CYCLES (connect/disconnect cycles per run,
 * default 10,000), BENCH_PORT (default: a free port),
 * CHROME_PATH (default /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { measureSizes, STANDALONE_PATH } from './sizes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const started = Date.now();
/** The whole bench stops starting new runs after this long, and says how many it made. */
const BUDGET_MS = 150_000;
const FLOW_RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 30);
const REST_RUNS = 15;
const UPGRADES = 1000;
const CYCLES = Math.max(1, Number(process.env.BENCH_CYCLES) || 10_000);
const CYCLE_RUNS = 3;
const IDLE_MS = 2000;
const inBudget = () => Date.now() - started < BUDGET_MS;

// ---------------------------------------------------------------------------------- statistics

/** @param {number[]} values */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (/** @type {number} */ value, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const bytes = (/** @type {number} */ value) => `${value.toLocaleString('en-US')} B`;
/** "median (min–max)", or with p90 too. @param {number[]} values */
function summary(values, { digits = 1, p90 = false } = {}) {
  if (!values.length) return 'no runs';
  const s = stats(values);
  return `**${fmt(s.median, digits)}** (${fmt(s.min, digits)}–${fmt(s.max, digits)}${p90 ? `, p90 ${fmt(s.p90, digits)}` : ''})`;
}

// ---------------------------------------------------------------------------------- browser

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').CDPSession} CDPSession */

/**
 * Reads `keys` from the page's localStorage and sessionStorage (`session:` prefix), polling until
 * `ready(values)`. Survives the page reloading itself meanwhile (the guide's and the official's flows).
 * @param {Page} page @param {string[]} keys @param {(values: Array<string | null>) => boolean} ready @param {number} timeoutMs
 */
async function readStorage(page, keys, ready, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const values = await page.evaluate(
        (names) => names.map((name) => (name.startsWith('session:') ? sessionStorage.getItem(name.slice(8)) : localStorage.getItem(name))),
        keys,
      );
      if (ready(values)) return values;
    } catch {
      // the page is navigating; ask again
    }
    await sleep(10);
  }
  throw new Error(`${keys.join(', ')}: not there within ${timeoutMs} ms`);
}

/**
 * @typedef {{ name: string, page: string, selector: string, ready?: string, query?: string, reloads?: boolean }} Flow
 * @typedef {{ latency: number, callback: number, browser: number, page: number, opener: number, open: { ms: number, sameTask: boolean } | undefined }} FlowRun
 */

/** @type {Flow[]} */
const FLOWS = [
  { name: 'ours', page: 'ours.html', selector: 'dialog-onboarding-button', ready: 'dialog-onboarding-button' },
  { name: 'ours-cold', page: 'ours.html', selector: 'dialog-onboarding-button', ready: 'dialog-onboarding-button', query: '&cold' },
  { name: 'official', page: 'official.html', selector: 'dialog-connect-button', ready: 'dialog-connect-button', reloads: true },
  { name: 'guide', page: 'guide.html', selector: '#connect', reloads: true },
];

/**
 * One onboarding from a real click: opener page → popup → stand-in hub (other origin, instant
 * redirect) → redirect page → hand-back → result in the opener.
 * @param {Page} page @param {string} base @param {Flow} flow @param {string} run
 * @returns {Promise<FlowRun>}
 */
async function runFlow(page, base, flow, run) {
  await page.goto(`${base}/test/bench/${flow.page}?run=${run}${flow.query ?? ''}`, { waitUntil: 'load' });
  await page.evaluate(() => sessionStorage.removeItem('bench:opens'));
  if (flow.ready) await page.waitForFunction((tag) => !!customElements.get(tag), flow.ready, { timeout: 5000 });
  const popupPromise = page.waitForEvent('popup', { timeout: 5000 });
  await page.click(flow.selector);
  const popup = await popupPromise;
  const keys = [`bench:done:${run}`, `bench:fail:${run}`, `bench:start:${run}`, `bench:posted:${run}`, `bench:detail:${run}`, 'session:bench:opens', `bench:first:${run}`];
  const [done, fail, start, posted, detail, opens, first] = await readStorage(page, keys, ([done, fail]) => done !== null || fail !== null, 10_000);
  if (fail) throw new Error(`${flow.name} run ${run}: ${fail}`);
  if (!start || !posted || !first) throw new Error(`${flow.name} run ${run}: the redirect page recorded no times`);
  // The result must be the stand-in hub's, whole (the guide's flow has it in the reloaded page's URL, checked below).
  if (detail !== null) {
    const { client, channels } = JSON.parse(detail);
    if (client !== 'benchClient' || String(channels) !== 'benchCh1,benchCh2') throw new Error(`${flow.name} run ${run}: wrong result ${detail}`);
  } else if (!flow.reloads) throw new Error(`${flow.name} run ${run}: no result detail`);
  // Both set `location.search`: let that reload finish before the next run navigates.
  if (flow.reloads) await page.waitForURL(/[?&]client=benchClient&channels=\[benchCh1,benchCh2\]$/, { waitUntil: 'load', timeout: 5000 });
  if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 3000 }).catch(() => popup.close());
  return {
    latency: Number(done) - Number(start),
    callback: Number(posted) - Number(start),
    browser: Number(first) - Number(start),
    page: Number(posted) - Number(first),
    opener: Number(done) - Number(posted), open: JSON.parse(opens ?? '[]')[0] };
}

/**
 * What the page holds: listeners on `window` (DOMDebugger.getEventListeners), then, after a forced
 * GC, the JS heap in use (Runtime.getHeapUsage) and the DOM nodes alive (Memory.getDOMCounters).
 * @param {CDPSession} cdp
 */
async function atRest(cdp) {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window', objectGroup: 'bench' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: /** @type {string} */ (result.objectId) });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  // Playwright's injected script listens on window too (its actionability checks): not counted.
  const playwright = new Set(listeners.filter(({ type }) => type.startsWith('__playwright')).map(({ scriptId }) => scriptId));
  const counted = listeners.filter(({ scriptId }) => !playwright.has(scriptId));
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes } = await cdp.send('Memory.getDOMCounters');
  return { windowListeners: counted.length, heap: usedSize, nodes };
}

/** @param {Page} page @param {string} base @param {'ours' | 'official' | 'none'} lib */
async function openRestPage(page, base, lib) {
  await page.goto(`${base}/test/bench/rest.html?lib=${lib}`, { waitUntil: 'load' });
  if (lib !== 'none') await page.waitForFunction(() => !!customElements.get(/** @type {any} */ (window).benchTag), undefined, { timeout: 5000 });
}

/**
 * Upgrades `count` buttons parsed into a container: ms until all have rendered, then until style and layout are done.
 * @param {Page} page @param {number} count
 */
function upgrade(page, count) {
  return page.evaluate(async (n) => {
    const tag = /** @type {any} */ (window).benchTag;
    const container = /** @type {HTMLElement} */ (document.getElementById('container'));
    let markup = '';
    for (let i = 0; i < n; i++) markup += `<${tag} partner-id="partner${i}"></${tag}>`;
    const t0 = performance.now();
    container.innerHTML = markup;
    await Promise.all(Array.from(container.children, (element) => /** @type {any} */ (element).updateComplete));
    const rendered = performance.now() - t0;
    void container.offsetHeight; // style and layout of every button
    return { rendered, laidOut: performance.now() - t0, count: container.querySelectorAll(tag).length };
  }, count);
}

/**
 * Appends and removes one fresh button `count` times (bounded by `budgetMs`), letting each render and each disconnect clean up.
 * @param {Page} page @param {number} count @param {number} budgetMs
 */
function cycles(page, count, budgetMs) {
  return page.evaluate(
    async ([n, budget]) => {
      const tag = /** @type {any} */ (window).benchTag;
      const container = /** @type {HTMLElement} */ (document.getElementById('container'));
      const t0 = performance.now();
      let i = 0;
      for (; i < n && performance.now() - t0 < budget; i++) {
        const button = /** @type {any} */ (document.createElement(tag));
        button.setAttribute('partner-id', `cycle${i}`);
        container.append(button);
        await button.updateComplete; // ours sets its states in a microtask; the official one renders in connectedCallback
        button.remove();
        await Promise.resolve(); // the disconnect's queued cleanup runs before this
      }
      return { done: i, ms: performance.now() - t0 };
    },
    [count, budgetMs],
  );
}

/**
 * Loads a bundle from a blob URL (no HTTP cache, no code cache): parse, compile and run, to `load`.
 * @param {Page} page @param {string} url @param {boolean} module
 */
function loadBundle(page, url, module) {
  return page.evaluate(
    async ([src, isModule]) => {
      const text = await (await fetch(src, { cache: 'no-store' })).text();
      const script = document.createElement('script');
      if (isModule) script.type = 'module';
      script.src = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
      return performance.now() - t0;
    },
    /** @type {[string, boolean]} */ ([url, module]),
  );
}

// ---------------------------------------------------------------------------------- main

async function main() {
  if (!existsSync(STANDALONE_PATH)) {
    console.error('bench: dist/ is missing; building (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  // `own` is bundled from src/ now; everything else runs dist/ as it is: say when they differ.
  const built = statSync(STANDALONE_PATH).mtimeMs;
  const newer = readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(`${root}src/${file}`).mtimeMs > built);
  if (newer.length) console.error(`bench: warning: src/ changed after dist/ was built (${newer.join(', ')}); run \`npm run build\` for figures that match src/.`);
  const sizes = await measureSizes();
  const officialVersion = JSON.parse(readFileSync(`${root}node_modules/360dialog-connect-button/package.json`, 'utf8')).version;

  const server = await startServer(Number(process.env.BENCH_PORT) || 0);
  const base = `http://localhost:${server.port}`;
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Loopback only: any other host name fails to resolve.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);

    // --- flows, interleaved (ours, ours cold, official, guide, ours, …) so drift hits them alike
    /** @type {Record<string, FlowRun[]>} */
    const flows = Object.fromEntries(FLOWS.map((flow) => [flow.name, []]));
    for (let i = 0; i < FLOW_RUNS + 1 && inBudget(); i++) {
      for (const flow of FLOWS) {
        const result = await runFlow(page, base, flow, `${flow.name}-${i}-${Date.now()}`);
        if (i > 0) flows[flow.name].push(result); // run 0 warms the HTTP cache, the code cache and the browser
      }
    }

    // --- cost at rest
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    /** @type {Record<string, number[]>} */
    const load = { ours: [], official: [] };
    /** @type {Record<string, { rendered: number[], laidOut: number[] }>} */
    const upgrades = { ours: { rendered: [], laidOut: [] }, official: { rendered: [], laidOut: [] } };
    /** @type {Record<string, { atLoad: Record<string, number>, idle: Record<string, number>, idleScriptMs: number, idleTaskMs: number }>} */
    const idle = {};
    /** @type {Record<string, Array<{ done: number, ms: number, before: Awaited<ReturnType<typeof atRest>>, after: Awaited<ReturnType<typeof atRest>> }>>} */
    const cycleRuns = { ours: [], official: [] };
    const libs = /** @type {const} */ ([
      ['ours', '/dist/dialog-onboarding.js', true],
      ['official', '/node_modules/360dialog-connect-button/dist/dialog-connect-button.umd.js', false],
    ]);

    for (let i = 0; i < REST_RUNS + 1 && inBudget(); i++) {
      for (const [lib, url, module] of libs) {
        await openRestPage(page, base, 'none');
        const ms = await loadBundle(page, url, module);
        if (i > 0) load[lib].push(ms);
      }
    }
    for (let i = 0; i < REST_RUNS + 1 && inBudget(); i++) {
      for (const [lib] of libs) {
        await openRestPage(page, base, lib);
        const result = await upgrade(page, UPGRADES);
        if (result.count !== UPGRADES) throw new Error(`${lib}: ${result.count} buttons upgraded, not ${UPGRADES}`);
        if (i > 0) {
          upgrades[lib].rendered.push(result.rendered);
          upgrades[lib].laidOut.push(result.laidOut);
        }
      }
    }
    for (const [lib] of libs) {
      // 1,000 buttons on the page, then idle: what runs meanwhile
      await openRestPage(page, base, lib);
      await upgrade(page, UPGRADES);
      const timers = () => page.evaluate(() => ({ .../** @type {any} */ (window).benchTimers }));
      const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
      const atLoad = await timers();
      // settle first: the first frame of 1,000 buttons, and garbage from the pages before
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await sleep(300);
      await cdp.send('HeapProfiler.collectGarbage');
      const settled = await timers();
      const m0 = await metrics();
      await sleep(IDLE_MS);
      const m1 = await metrics();
      const after = await timers();
      idle[lib] = {
        atLoad,
        idle: Object.fromEntries(Object.entries(after).map(([name, count]) => [name, count - settled[name]])),
        idleScriptMs: (m1.ScriptDuration - m0.ScriptDuration) * 1000,
        idleTaskMs: (m1.TaskDuration - m0.TaskDuration) * 1000,
      };
    }
    for (let i = 0; i < CYCLE_RUNS && inBudget(); i++) {
      for (const [lib] of libs) {
        await openRestPage(page, base, lib);
        const before = await atRest(cdp);
        const result = await cycles(page, CYCLES, 20_000);
        const after = await atRest(cdp);
        cycleRuns[lib].push({ ...result, before, after });
      }
    }
    const version = browser.version();
    await context.close();

    // --- the table
    const flowOf = (/** @type {string} */ name) => flows[name];
    const latency = (/** @type {string} */ name, key = /** @type {'latency' | 'callback' | 'browser' | 'page' | 'opener'} */ ('latency')) => summary(flowOf(name).map((run) => run[key]), { p90: true });
    const opensOf = (/** @type {string} */ name) => flowOf(name).map((run) => run.open).filter((open) => open !== undefined);
    const clickCell = (/** @type {string} */ name) => {
      const opens = opensOf(name);
      return `${summary(opens.map((open) => open.ms), { digits: 2 })}; same task: ${opens.filter((open) => open.sameTask).length}/${flowOf(name).length}`;
    };
    const timersCell = (/** @type {Record<string, number>} */ counts) =>
      Object.entries(counts).filter(([, count]) => count).map(([name, count]) => `${count} ${name}`).join(', ') || 'none';
    const cycleCell = (/** @type {string} */ lib, /** @type {(run: (typeof cycleRuns)['ours'][number]) => string} */ cell) => cycleRuns[lib].map(cell).join(' · ') || 'no runs';
    const heapDelta = (/** @type {(typeof cycleRuns)['ours'][number]} */ run) => `${run.after.heap - run.before.heap >= 0 ? '+' : '−'}${fmt(Math.abs(run.after.heap - run.before.heap) / 1024, 0)} KiB`;
    const n = flowOf('ours').length;

    const rows = [
      ['**Bytes over the wire**, gzip -9 (raw)', `standalone (Lit inside): **${bytes(sizes.standalone.gzip)}** (${bytes(sizes.standalone.raw)}); own code, Lit external: **${bytes(sizes.own.gzip)}** (${bytes(sizes.own.raw)})`, `UMD bundle: **${bytes(sizes.official.gzip)}** (${bytes(sizes.official.raw)})`, 'none (inline script in the partner\'s pages)'],
      ['  own code by entry, Lit external', `\`dialog-onboarding/button\`: **${bytes(sizes.ownButton.gzip)}** (${bytes(sizes.ownButton.raw)}); \`dialog-onboarding/callback\`: **${bytes(sizes.ownCallback.gzip)}** (${bytes(sizes.ownCallback.raw)})`, '—', '—'],
      [`**Result latency**, ms: redirect page's navigation start → result in the opener (N=${n})`, `**onboarded** event: ${latency('ours')}; module not cacheable (no-store): ${latency('ours-cold')}`, `dialog-connect-callback event: ${latency('official')}, then the page reloads itself`, `reloaded partner page's load event: ${latency('guide')}`],
      ['  of which: redirect page start → hand-back posted', `${latency('ours', 'callback')}; no-store: ${latency('ours-cold', 'callback')}`, latency('official', 'callback'), latency('guide', 'callback')],
      ['    of which: navigation start → the page\'s first script (the browser\'s share)', `${latency('ours', 'browser')}; no-store: ${latency('ours-cold', 'browser')}`, latency('official', 'browser'), latency('guide', 'browser')],
      ['    of which: first script → hand-back posted (the page\'s own work)', `${latency('ours', 'page')}; no-store: ${latency('ours-cold', 'page')}`, latency('official', 'page'), latency('guide', 'page')],
      ['  of which: hand-back posted → result in the opener', `${latency('ours', 'opener')}; no-store: ${latency('ours-cold', 'opener')}`, latency('official', 'opener'), `${latency('guide', 'opener')} (a page reload)`],
      [`**Click → window.open**, ms from the click's dispatch (N=${n}; timer resolution 0.1 ms)`, clickCell('ours'), clickCell('official'), clickCell('guide')],
      [`**Load the bundle**: parse, compile, run (blob URL, no code cache), ms (N=${load.ours.length})`, summary(load.ours, { digits: 2 }), summary(load.official, { digits: 2 }), '—'],
      [`**Upgrade ${UPGRADES.toLocaleString('en-US')} buttons** (parsed into a container) → all rendered, ms (N=${upgrades.ours.rendered.length})`, summary(upgrades.ours.rendered), summary(upgrades.official.rendered), '—'],
      ['  … → style and layout done, ms', summary(upgrades.ours.laidOut), summary(upgrades.official.laidOut), '—'],
      [`**Timers** scheduled: page load + ${UPGRADES.toLocaleString('en-US')} upgrades / then ${IDLE_MS / 1000} s idle`, `${timersCell(idle.ours.atLoad)} / ${timersCell(idle.ours.idle)}`, `${timersCell(idle.official.atLoad)} / ${timersCell(idle.official.idle)}`, '—'],
      [`**Idle ${IDLE_MS / 1000} s** with ${UPGRADES.toLocaleString('en-US')} buttons: script / task time, ms`, `${fmt(idle.ours.idleScriptMs, 2)} / ${fmt(idle.ours.idleTaskMs, 2)}`, `${fmt(idle.official.idleScriptMs, 2)} / ${fmt(idle.official.idleTaskMs, 2)}`, '—'],
      [`**${CYCLES.toLocaleString('en-US')} connect/disconnect cycles** (fresh button each): time, ms (runs)`, cycleCell('ours', (run) => `${fmt(run.ms, 0)}${run.done < CYCLES ? ` (${run.done} cycles)` : ''}`), cycleCell('official', (run) => `${fmt(run.ms, 0)}${run.done < CYCLES ? ` (${run.done} cycles)` : ''}`), '—'],
      ['  … listeners on `window`, before → after (Playwright\'s own not counted)', cycleCell('ours', (run) => `${run.before.windowListeners} → ${run.after.windowListeners}`), cycleCell('official', (run) => `${run.before.windowListeners} → ${run.after.windowListeners.toLocaleString('en-US')}`), '—'],
      ['  … JS heap after forced GC, delta', cycleCell('ours', heapDelta), cycleCell('official', heapDelta), '—'],
      ['  … DOM nodes after forced GC, delta', cycleCell('ours', (run) => `${run.after.nodes - run.before.nodes >= 0 ? '+' : ''}${(run.after.nodes - run.before.nodes).toLocaleString('en-US')}`), cycleCell('official', (run) => `${run.after.nodes - run.before.nodes >= 0 ? '+' : ''}${(run.after.nodes - run.before.nodes).toLocaleString('en-US')}`), '—'],
    ];
    const header = ['', 'dialog-onboarding', `official \`360dialog-connect-button\` ${officialVersion} (UMD web component)`, "guide's snippet"];
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log();
    console.log(
      `Chromium ${version} headless (${executablePath}), playwright-core ${JSON.parse(readFileSync(`${root}node_modules/playwright-core/package.json`, 'utf8')).version}, ` +
        `Node ${process.version}, ${platform()} ${arch()}, ${cpus().length}× ${cpus()[0]?.model.trim() ?? 'CPU'}; ` +
        `bold = median, (min–max, p90); every flow run after one warm-up run; loopback only; bench took ${fmt((Date.now() - started) / 1000, 0)} s.`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

// A last bound on the whole run: whatever hangs, the bench ends (Playwright closes Chromium on exit).
setTimeout(() => {
  console.error('bench: still running after 5 minutes; giving up');
  process.exit(2);
}, 300_000).unref();

await main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
