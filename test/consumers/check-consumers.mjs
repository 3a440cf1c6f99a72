#!/usr/bin/env node
// @ts-check
/**
 * The README's framework snippets, proven with each framework's own production toolchain.
 * `npm test` runs it after check-package; `node test/consumers/check-consumers.mjs vue svelte`
 * runs the frameworks named (default: all four).
 *
 * For React (+ Vite, `tsc`), Vue (+ Vite, `vue-tsc` with `strictTemplates`), Svelte (+ Vite,
 * `svelte-check`) and Angular (`ng build`: `@angular/build`, AOT, `strictTemplates`), a minimal app:
 * the scaffold in `apps/<framework>/`, plus the README's code blocks of that framework written
 * into its `src/` under the file name each block's first line gives (`// Connect.tsx`,
 * `<!-- Connect.vue -->`, …), so the README and the apps cannot drift. Then, per framework:
 *
 *   1. type-check: the framework's checker passes on the app;
 *   2. deliberate mistakes: copies of the snippet with one mistake each (a wrong detail field, a
 *      handler typed for another event, handlers on each other's events, a non-string in
 *      `queryParameters`, `full-page="false"`, a misspelt attribute or event where the framework's
 *      checker sees those) are added to the app; the checker must
 *      fail, with an error in every copy and none elsewhere. A mistake that no longer changes
 *      the snippet is a failure too (the README changed: update the mistake);
 *   3. production build, and the bytes (gzip -9) the app's JavaScript takes with the snippet, with
 *      the snippet without `import 'dialog-onboarding'`, and with a plain `<button>` in the
 *      element's place: the library's own share and the framework's template code around it;
 *   4. run: the built app served on a free port of localhost, in Chromium (popup blocker on), the
 *      real hub's address answered by the stand-in permissions screen (demo/hub.html): the element
 *      renders a native <button>, `queryParameters` arrives as a property (no attribute), a real
 *      click opens the permissions URL with the prefill, and the stand-in's hand-back, through the
 *      redirect page (`<dialog-onboarding-callback>` of the packed standalone build) in the popup,
 *      reaches the framework's handler.
 *
 * The toolchains are `package.json` and `package-lock.json` beside this file, installed with
 * `npm ci` once per lockfile under the OS temp dir (per user); the packed tarball is installed
 * into that with `npm install --no-save`, again only when its hash changed.
 * DIALOG_ONBOARDING_FRESH_INSTALL=1 installs anew. Exits 1 with every problem found.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const started = performance.now();
const seconds = (/** @type {number} */ since) => `${((performance.now() - since) / 1000).toFixed(1)}s`;

/** @type {string[]} */
const problems = [];
const fail = (/** @type {string} */ message) => {
  problems.push(message);
  console.log(`  FAIL ${message.split('\n')[0]}`);
};
const ok = (/** @type {string} */ message) => console.log(`  ok  ${message}`);

/** The environment for child runs: npm's own configuration, without this run's package context. */
function childEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NG_CLI_ANALYTICS: 'false', CI: process.env.CI ?? '1' };
  for (const key of Object.keys(env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_command$|npm_config_local_prefix$|INIT_CWD$)/i.test(key)) delete env[key];
  }
  return env;
}

/**
 * Runs a command; its exit code and output (stdout and stderr together).
 * @param {string} command @param {string[]} args @param {string} cwd
 */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** @param {string[]} args @param {string} cwd */
function npm(args, cwd) {
  const result = run('npm', args, cwd);
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.output.trim()}`);
  return result.output;
}

// ---------------------------------------------------------------------------------------------
// The frameworks: their snippets' files, checkers, mistakes and what their handler shows
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{ name: string, file: string, from: string | RegExp, to: string, error: RegExp }} Mistake
 *   one mistake: `from` → `to` in the snippet file `file`, which the checker must report with `error`
 * @typedef {{
 *   id: string, title: string,
 *   files: string[],
 *   check: (app: string) => string[],
 *   build: (app: string) => { args: string[], out: string },
 *   checkBuilds?: boolean,
 *   mistakes: Mistake[],
 *   handled: 'text' | 'console',
 * }} Framework
 */

/** The README's section of framework snippets. */
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const sectionStart = readme.indexOf('## In Vue, Angular, Svelte and React');
const sectionEnd = readme.indexOf('\n## ', sectionStart + 1);
const section = readme.slice(sectionStart, sectionEnd);

/** The section's code blocks by the file name on their first line (`// x.ts`, `<!-- x.vue -->`). */
function snippets() {
  /** @type {Map<string, string>} */
  const files = new Map();
  for (const [, body] of section.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)) {
    const name = /^(?:\/\/|<!--)\s*([\w.-]+\.(?:tsx?|vue|svelte))\b/.exec(body)?.[1];
    if (name) files.set(name, body);
  }
  return files;
}

/** The element in a snippet, from its opening tag to its closing one. */
const ELEMENT = /<dialog-onboarding-button\b[\s\S]*?<\/dialog-onboarding-button>/;
/** What stands in its place for the "bare" size: the same label in a plain button. */
const PLAIN_BUTTON = '<button type="button">Connect WhatsApp</button>';

const bin = (/** @type {string} */ app, /** @type {string} */ name) => join(app, '..', '..', 'node_modules', '.bin', name);

/** What each checker says for a mistake, as its message has it (TypeScript's words, through each framework's checker). */
const SAYS = {
  wrongDetail: /Property 'clientId' does not exist/,
  wrongHandlerType: /OnboardingErrorEvent.*is not assignable|is not assignable to .*OnboardingErrorEvent|OnboardingErrorDetail' is missing/s,
  wrongEvent: /Property '(channels|reason|message)' does not exist on type 'Onboarding(ErrorDetail|Result)'|Type 'OnboardingErrorEvent' is not assignable to type 'OnboardedEvent'/,
  notAString: /Type 'number' is not assignable to type 'string'/,
  misspeltAttribute: /redirect_url\\?"?' does not exist/,
  falseBoolean: /false\\?"' is not assignable to type 'BooleanAttribute/,
};

/**
 * The mistakes of a snippet that writes the element as JSX does (React, Svelte): properties and
 * `on<event>` handlers as attributes. `handler`: its `ononboarded={…}` as the README has it, and
 * the same handler taking the error event instead.
 * @param {string} file @param {{ from: string, to: string }} handler @returns {Mistake[]}
 */
const jsxMistakes = (file, handler) => [
  { name: 'WrongDetail', file, from: 'event.detail.channels', to: 'event.detail.clientId', error: SAYS.wrongDetail },
  { name: 'WrongHandlerType', file, ...handler, error: SAYS.wrongHandlerType },
  { name: 'WrongEvent', file, from: /ononboarded=(\{[^\n]*\})\n(\s*)ononboarding-error=(\{[^\n]*\})/, to: 'ononboarding-error=$1\n$2ononboarded=$3', error: SAYS.wrongEvent },
  { name: 'NotAString', file, from: 'queryParameters={{ email }}', to: 'queryParameters={{ email, lang: 5000 }}', error: SAYS.notAString },
  { name: 'MisspeltAttribute', file, from: 'redirect-url=', to: 'redirect_url=', error: SAYS.misspeltAttribute },
  { name: 'FalseBoolean', file, from: 'redirect-url="/onboarding/callback"', to: 'redirect-url="/onboarding/callback" full-page="false"', error: SAYS.falseBoolean },
];

/** @type {Framework[]} */
const frameworks = [
  {
    id: 'react',
    title: 'React 19 + Vite, tsc',
    files: ['Connect.tsx'], // the scaffold's src/main.tsx renders it
    check: (app) => [bin(app, 'tsc'), '-p', 'tsconfig.json'],
    build: (app) => ({ args: [bin(app, 'vite'), 'build', '--logLevel', 'warn'], out: join(app, 'dist') }),
    mistakes: jsxMistakes('Connect.tsx', {
      from: 'ononboarded={(event) => setChannels(event.detail.channels)}',
      to: "ononboarded={(event: import('dialog-onboarding').OnboardingErrorEvent) => setChannels([event.detail.reason])}",
    }),
    handled: 'text',
  },
  {
    id: 'vue',
    title: 'Vue 3.5 + Vite, vue-tsc (strictTemplates)',
    files: ['Connect.vue', 'vite.config.ts'],
    check: (app) => [bin(app, 'vue-tsc'), '--noEmit', '-p', 'tsconfig.json'],
    build: (app) => ({ args: [bin(app, 'vite'), 'build', '--logLevel', 'warn'], out: join(app, 'dist') }),
    mistakes: [
      { name: 'WrongDetail', file: 'Connect.vue', from: 'event.detail.channels', to: 'event.detail.clientId', error: SAYS.wrongDetail },
      { name: 'WrongEvent', file: 'Connect.vue', from: '@onboarded="onOnboarded"', to: '@onboarding-error="onOnboarded"', error: SAYS.wrongEvent },
      { name: 'NotAString', file: 'Connect.vue', from: ':queryParameters.prop="{ email }"', to: ':queryParameters.prop="{ email, lang: 5000 }"', error: SAYS.notAString },
      { name: 'MisspeltAttribute', file: 'Connect.vue', from: 'redirect-url=', to: 'redirect_url=', error: SAYS.misspeltAttribute },
      { name: 'FalseBoolean', file: 'Connect.vue', from: 'redirect-url="/onboarding/callback"', to: 'redirect-url="/onboarding/callback" full-page="false"', error: SAYS.falseBoolean },
      { name: 'MisspeltEvent', file: 'Connect.vue', from: '@onboarded=', to: '@onboardedd=', error: /'onOnboardedd' does not exist/ },
    ],
    handled: 'text',
  },
  {
    id: 'svelte',
    title: 'Svelte 5 + Vite, svelte-check',
    files: ['Connect.svelte'],
    check: (app) => [bin(app, 'svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    build: (app) => ({ args: [bin(app, 'vite'), 'build', '--logLevel', 'warn'], out: join(app, 'dist') }),
    mistakes: jsxMistakes('Connect.svelte', {
      from: 'ononboarded={(event) => (channels = event.detail.channels)}',
      to: "ononboarded={(event: import('dialog-onboarding').OnboardingErrorEvent) => (channels = [event.detail.reason])}",
    }),
    handled: 'text',
  },
  {
    id: 'angular',
    title: 'Angular 21, ng build (@angular/build, AOT, strictTemplates)',
    files: ['connect.component.ts'],
    // ng build is Angular's checker: AOT compiles the templates, strictTemplates type-checks them.
    check: (app) => [bin(app, 'ng'), 'build', '--no-progress'],
    checkBuilds: true,
    build: (app) => ({ args: [bin(app, 'ng'), 'build', '--no-progress'], out: join(app, 'dist', 'browser') }),
    mistakes: [
      { name: 'wrong-detail', file: 'connect.component.ts', from: 'event.detail.channels', to: 'event.detail.clientId', error: SAYS.wrongDetail },
      { name: 'wrong-event', file: 'connect.component.ts', from: '(onboarded)="onOnboarded($event)"', to: '(onboarding-error)="onOnboarded($event)"', error: /Argument of type 'OnboardingErrorEvent' is not assignable to parameter of type 'OnboardedEvent'/ },
      // Not in the template: Angular never type-checks a property binding on a DOM element, a custom
      // element included (compiler-cli: checkTypeOfDomBindings false even under strictTemplates, "not
      // quite ready yet"), so `[queryParameters]="{ lang: 5000 }"` passes. The snippet types the field.
      { name: 'not-a-string', file: 'connect.component.ts', from: "params: QueryParameters = { email: 'client@example.com' }", to: "params: QueryParameters = { email: 'client@example.com', lang: 5000 }", error: SAYS.notAString },
    ],
    handled: 'console',
  },
];

const wanted = process.argv.slice(2);
for (const name of wanted) if (!frameworks.some((f) => f.id === name)) throw new Error(`unknown framework ${name} (${frameworks.map((f) => f.id).join(', ')})`);
const chosen = wanted.length ? frameworks.filter((f) => wanted.includes(f.id)) : frameworks;

// ---------------------------------------------------------------------------------------------
// The toolchains and the tarball
// ---------------------------------------------------------------------------------------------

console.log('\nConsumer apps: the README snippets with each framework\'s own toolchain');
let t = performance.now();
const packDir = mkdtempSync(join(tmpdir(), 'dialog-onboarding-consumer-pack-'));
process.on('exit', () => rmSync(packDir, { recursive: true, force: true }));
/** @type {{ filename: string }} */
const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDir, '--loglevel=error'], root))[0];
const tarball = join(packDir, packed.filename);
const tarballHash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);

const lockHash = createHash('sha256')
  .update(readFileSync(join(here, 'package.json')))
  .update(readFileSync(join(here, 'package-lock.json')))
  .digest('hex')
  .slice(0, 16);
const cachePrefix = `dialog-onboarding-apps-${process.getuid?.() ?? 'user'}-`;
const base = join(tmpdir(), `${cachePrefix}${lockHash}`);
if (process.env.DIALOG_ONBOARDING_FRESH_INSTALL === '1') rmSync(base, { recursive: true, force: true });
if (existsSync(join(base, 'node_modules', '.package-lock.json'))) {
  console.log(`  toolchains: ${base} (npm ci of this lockfile before, reused)`);
} else {
  const staging = mkdtempSync(join(tmpdir(), `${cachePrefix}staging-`));
  try {
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(here, file), join(staging, file));
    npm(['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], staging);
    rmSync(base, { recursive: true, force: true });
    renameSync(staging, base);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // Installs of older lockfiles go (only this user's).
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith(cachePrefix) && join(tmpdir(), entry) !== base && !entry.includes('staging')) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
  console.log(`  toolchains: npm ci into ${base} (${seconds(t)})`);
}
t = performance.now();
const marker = join(base, '.dialog-onboarding-tarball');
if (existsSync(marker) && readFileSync(marker, 'utf8') === tarballHash && existsSync(join(base, 'node_modules', 'dialog-onboarding', 'package.json'))) {
  console.log(`  ${packed.filename} (sha256 ${tarballHash}…) installed before, reused`);
} else {
  cpSync(tarball, join(base, 'dialog-onboarding.tgz'));
  npm(['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', './dialog-onboarding.tgz'], base);
  writeFileSync(marker, tarballHash);
  console.log(`  ${packed.filename} (sha256 ${tarballHash}…): npm install --no-save (${seconds(t)})`);
}
/** What each checker loads: TypeScript 5 from the consumer's own install, never the repo's 7. */
const typescriptVersion = JSON.parse(readFileSync(join(base, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
ok(`the checkers resolve typescript ${typescriptVersion} from ${join(base, 'node_modules')}`);

// ---------------------------------------------------------------------------------------------
// The apps
// ---------------------------------------------------------------------------------------------

const blocks = snippets();

/**
 * Writes app `id` under the toolchains' install: its scaffold, the README's blocks, then `edit`
 * applied to the main snippet file. Keeps what the framework caches there (Angular's .angular/).
 * @param {Framework} framework @param {string} name @param {(files: Map<string, string>) => void} [edit]
 */
function writeApp(framework, name, edit) {
  const app = join(base, 'apps', name);
  for (const entry of existsSync(app) ? readdirSync(app) : []) if (entry !== '.angular') rmSync(join(app, entry), { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  cpSync(join(here, 'apps', framework.id), app, { recursive: true });
  /** @type {Map<string, string>} */
  const files = new Map();
  for (const file of framework.files) {
    const body = blocks.get(file);
    if (body === undefined) throw new Error(`README.md, "In Vue, Angular, Svelte and React": no code block starts with the file name ${file}`);
    files.set(file, body);
  }
  edit?.(files);
  for (const [file, body] of files) {
    const target = file === 'vite.config.ts' ? join(app, file) : join(app, 'src', file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
  return app;
}

/** @param {string} text @param {string | RegExp} from @param {string} to */
function replaceOnce(text, from, to) {
  const changed = typeof from === 'string' ? text.replace(from, () => to) : text.replace(from, to);
  return changed === text ? undefined : changed;
}

/** Source files (under src/) that a text names. @param {string} text */
function namedFiles(text) {
  return new Set([...text.matchAll(/\bsrc[\\/][\w./\\-]+?\.(?:tsx|ts|vue|svelte)\b/g)].map((m) => m[0].replaceAll('\\', '/')));
}

/**
 * A checker's output cut into diagnostics: tsc and vue-tsc start each with its file
 * (`src/x.vue(1,2): error …`), svelte-check's machine output with a timestamp and `ERROR`,
 * ng build with `✘ [ERROR]`. @param {string} output
 */
function diagnostics(output) {
  return output.split(/\n(?=✘ \[ERROR\]|src[\\/]|\d+ (?:ERROR|WARNING) )/).filter((block) => namedFiles(block).size);
}

/** Total bytes of a build's JavaScript, each file gzipped at level 9. @param {string} dir */
function gzippedJs(dir) {
  let total = 0;
  let raw = 0;
  const walk = (/** @type {string} */ d) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.js')) {
        const bytes = readFileSync(path);
        raw += bytes.length;
        total += gzipSync(bytes, { level: 9 }).length;
      }
    }
  };
  walk(dir);
  return { gzip: total, raw };
}

/**
 * @typedef {{ id: string, title: string, typeCheck: string, mistakes: string, build: string, run: string,
 *   bytes?: { full: number, noLibrary: number, bare: number }, excerpt?: string, time: string }} Row
 */
/** @type {Row[]} */
const rows = [];

/** @param {Framework} framework */
async function checkFramework(framework) {
  const since = performance.now();
  console.log(`\n${framework.title}`);
  /** @type {Row} */
  const row = { id: framework.id, title: framework.title, typeCheck: '✗', mistakes: '✗', build: '✗', run: '✗', time: '' };
  rows.push(row);
  const before = problems.length;

  // 1. The app type-checks.
  let tt = performance.now();
  const app = writeApp(framework, framework.id);
  const [checker, ...checkArgs] = framework.check(app);
  const checked = run(checker, checkArgs, app);
  if (checked.status !== 0) fail(`${framework.id}: the README's snippet does not type-check (${relative(app, checker)} exit ${checked.status}):\n${checked.output.trim()}`);
  else {
    row.typeCheck = '✓';
    ok(`type-checks: ${relative(base, checker)} ${checkArgs.join(' ')} (${seconds(tt)})`);
  }

  // 2. Copies with a mistake each do not.
  tt = performance.now();
  /** @type {string[]} */
  const mistakeFiles = [];
  /** @type {RegExp[]} */
  const expected = [];
  const broken = writeApp(framework, `${framework.id}-mistakes`, (files) => {
    for (const mistake of framework.mistakes) {
      const source = files.get(mistake.file) ?? '';
      const changed = replaceOnce(source, mistake.from, mistake.to);
      if (changed === undefined) {
        fail(`${framework.id}: mistake ${mistake.name} finds nothing to change in the README's ${mistake.file} (${String(mistake.from)}): update it`);
        continue;
      }
      const ext = extname(mistake.file);
      const file = `mistakes/${mistake.file.slice(0, -ext.length)}.${mistake.name}${ext}`;
      // Angular: a component of its own name; the others import nothing from a copy.
      files.set(file, framework.id === 'angular' ? changed.replace('selector: \'app-connect\'', `selector: 'app-${mistake.name}'`) : changed);
      mistakeFiles.push(`src/${file}`);
      expected.push(mistake.error);
    }
  });
  const failed = run(checker, checkArgs, broken);
  const named = namedFiles(failed.output);
  const blocks = diagnostics(failed.output);
  // Each copy has the error its mistake makes (not just any error, such as an unused variable).
  const missed = mistakeFiles.filter((file, i) => !blocks.some((block) => namedFiles(block).has(file) && expected[i].test(block)));
  const elsewhere = [...named].filter((file) => !mistakeFiles.includes(file));
  if (failed.status === 0) fail(`${framework.id}: the checker passes copies with deliberate mistakes (${mistakeFiles.join(', ')}): the types do not reach the template`);
  else if (missed.length) fail(`${framework.id}: not the error its mistake makes in ${missed.join(', ')}, a copy with a deliberate mistake:\n${failed.output.trim()}`);
  else if (elsewhere.length) fail(`${framework.id}: errors outside the copies with mistakes, in ${elsewhere.join(', ')}:\n${failed.output.trim()}`);
  else {
    row.mistakes = `✓ ${mistakeFiles.length}/${mistakeFiles.length}`;
    row.excerpt = failed.output;
    ok(`fails on each of ${mistakeFiles.length} copies with a mistake (${framework.mistakes.map((m) => m.name).join(', ')}) (${seconds(tt)})`);
  }
  rmSync(broken, { recursive: true, force: true });
  if (row.typeCheck !== '✓') return finish();

  // 3. Production builds: the app, the app without the library's import, the app with a plain button.
  tt = performance.now();
  /** @param {string} dir @param {boolean} [checked] the checker has built it already */
  const build = (dir, checked) => {
    const { args, out } = framework.build(dir);
    if (checked) return { out, size: gzippedJs(out) };
    const [command, ...rest] = args;
    const built = run(command, rest, dir);
    if (built.status !== 0) {
      fail(`${framework.id}: the production build failed in ${dir}:\n${built.output.trim()}`);
      return undefined;
    }
    return { out, size: gzippedJs(out) };
  };
  const full = build(app, framework.checkBuilds);
  if (!full) return finish();
  row.build = '✓';
  ok(`builds for production: ${full.size.raw} B of JavaScript, ${full.size.gzip} B gzip -9 (${seconds(tt)})`);
  tt = performance.now();
  const main = framework.files[0];
  const noLibraryApp = writeApp(framework, `${framework.id}-no-library`, (files) => {
    files.set(main, (files.get(main) ?? '').replace(/^\s*import 'dialog-onboarding';\n/m, ''));
  });
  const bareApp = writeApp(framework, `${framework.id}-bare`, (files) => {
    files.set(main, (files.get(main) ?? '').replace(/^\s*import 'dialog-onboarding';\n/m, '').replace(ELEMENT, PLAIN_BUTTON));
  });
  const noLibrary = build(noLibraryApp);
  const bare = build(bareApp);
  if (noLibrary && bare) {
    row.bytes = { full: full.size.gzip, noLibrary: noLibrary.size.gzip, bare: bare.size.gzip };
    ok(
      `gzip -9: ${full.size.gzip} B with the snippet, ${noLibrary.size.gzip} B without its import, ${bare.size.gzip} B with a plain <button>: ` +
        `+${full.size.gzip - bare.size.gzip} B in all, the library ${full.size.gzip - noLibrary.size.gzip} B, the framework's template code ${noLibrary.size.gzip - bare.size.gzip} B (${seconds(tt)})`,
    );
  }
  for (const dir of [noLibraryApp, bareApp]) rmSync(dir, { recursive: true, force: true });

  // 4. The built app runs a real hand-back.
  tt = performance.now();
  try {
    await runInBrowser(framework, full.out);
    row.run = '✓';
    ok(`runs: native <button>, queryParameters a property, a click opens the permissions URL with the prefill, the hand-back reaches the handler (${seconds(tt)})`);
  } catch (error) {
    fail(`${framework.id}: the built app's flow: ${/** @type {Error} */ (error).message}`);
  }
  return finish();

  function finish() {
    row.time = seconds(since);
    if (problems.length === before) ok(`${framework.id} done (${row.time})`);
  }
}

// ---------------------------------------------------------------------------------------------
// The run in the browser
// ---------------------------------------------------------------------------------------------

const TYPES = /** @type {Record<string, string>} */ ({ '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' });

/**
 * Serves a built app at / on a free port of localhost, and the redirect page at
 * /onboarding/callback (the packed standalone build's `<dialog-onboarding-callback>`).
 * @param {string} dist
 * @returns {Promise<{ origin: string, close: () => void }>}
 */
function serve(dist) {
  const standalone = join(base, 'node_modules', 'dialog-onboarding', 'dist', 'dialog-onboarding.js');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    /** @param {number} status @param {string} type @param {string | Buffer} body */
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/onboarding/callback') {
      return send(200, 'text/html', `<!doctype html><title>Connecting…</title><dialog-onboarding-callback></dialog-onboarding-callback><script type="module" src="/onboarding/dialog-onboarding.js"></script>`);
    }
    if (path === '/onboarding/dialog-onboarding.js') return send(200, 'text/javascript', readFileSync(standalone));
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) return send(404, 'text/plain', 'not found');
    return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
  });
  return new Promise((resolve) => {
    // Port 0: the OS picks a free one.
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ origin: `http://localhost:${port}`, close: () => server.close() });
    });
  });
}

/** @type {Promise<import('playwright').Browser> | undefined} */
let browserStarted;
async function browser() {
  browserStarted ??= (async () => {
    const { chromium } = await import('playwright');
    const { findChromium } = await import('../server/browsers.mjs');
    const found = await findChromium();
    const isRoot = process.getuid?.() === 0;
    // Playwright's own --disable-popup-blocking goes: the popup blocker is on, as Chromium ships.
    return chromium.launch({
      executablePath: found.path,
      args: isRoot || found.from === '@sparticuz/chromium' ? ['--no-sandbox'] : [],
      ignoreDefaultArgs: ['--disable-popup-blocking'],
    });
  })();
  return browserStarted;
}

/** The stand-in permissions screen, for the real hub's address (unreachable here). */
async function standInHub() {
  const { transform } = await import('esbuild');
  const script = (await transform(readFileSync(join(root, 'demo', 'hub.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' })).code;
  return {
    '/demo/hub.ts': { type: 'text/javascript', body: script },
    '/demo/demo.css': { type: 'text/css', body: readFileSync(join(root, 'demo', 'demo.css'), 'utf8') },
    page: { type: 'text/html', body: readFileSync(join(root, 'demo', 'hub.html'), 'utf8') },
  };
}

/** @param {Framework} framework @param {string} dist */
async function runInBrowser(framework, dist) {
  const { DEFAULT_HUB_URL } = await import(join(base, 'node_modules', 'dialog-onboarding', 'dist', 'protocol.js'));
  const hubOrigin = new URL(DEFAULT_HUB_URL).origin;
  const hubPage = await standInHub();
  const server = await serve(dist);
  const context = await (await browser()).newContext();
  try {
    // The hub's origin is answered here: its permissions page by the stand-in, nothing else.
    await context.route(`${hubOrigin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      const answer = /\/permissions$/.test(path) ? hubPage.page : hubPage[/** @type {'/demo/hub.ts'} */ (path)];
      return answer ? route.fulfill({ status: 200, contentType: answer.type, body: answer.body }) : route.fulfill({ status: 404, body: '' });
    });
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    /** @type {unknown[][]} */
    const logged = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', async (message) => {
      if (message.type() === 'error') errors.push(message.text());
      if (message.type() === 'log') logged.push(await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => undefined))));
    });
    await page.goto(`${server.origin}/`);
    await page
      .waitForFunction(() => document.querySelector('dialog-onboarding-button')?.shadowRoot?.querySelector('button') instanceof HTMLButtonElement, undefined, { timeout: 10000 })
      .catch(() => {
        throw new Error(`no <dialog-onboarding-button> rendering a native <button> within 10 s${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`);
      });
    const state = await page.evaluate(() => {
      const element = /** @type {any} */ (document.querySelector('dialog-onboarding-button'));
      return { queryParameters: element.queryParameters, attribute: element.getAttribute('query-parameters'), partnerId: element.partnerId };
    });
    if (JSON.stringify(state.queryParameters) !== JSON.stringify({ email: 'client@example.com' }) || state.attribute !== null) {
      throw new Error(`queryParameters did not arrive as a property: ${JSON.stringify(state)}`);
    }
    if (state.partnerId !== 'YOUR_PARTNER_ID') throw new Error(`partnerId is ${JSON.stringify(state.partnerId)}`);

    // A real click (user activation), popup blocker on.
    const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: 10000 }), page.locator('dialog-onboarding-button button').click()]);
    await popup.waitForURL(/\/permissions\?/, { timeout: 10000 });
    const opened = new URL(popup.url());
    const expected = `${DEFAULT_HUB_URL}/YOUR_PARTNER_ID/permissions`;
    if (`${opened.origin}${opened.pathname}` !== expected) throw new Error(`the popup opened ${opened.href}, not ${expected}`);
    if (opened.searchParams.get('email') !== 'client@example.com' || !opened.search.includes('email=client%40example.com')) {
      throw new Error(`the permissions URL lacks the prefill email=client%40example.com: ${opened.search}`);
    }
    if (opened.searchParams.get('redirect_url') !== `${server.origin}/onboarding/callback`) throw new Error(`redirect_url is ${opened.searchParams.get('redirect_url')}`);

    // The client grants two channels; the hub redirects the popup to the callback, which hands back.
    await popup.fill('#client', 'clientConsumer');
    await popup.fill('#channels', `ch${framework.id}1, ch${framework.id}2`);
    await popup.click('#grant');
    const channels = [`ch${framework.id}1`, `ch${framework.id}2`];
    if (framework.handled === 'text') {
      const text = `Connected: ${channels.join(', ')}`;
      await page.getByText(text).waitFor({ timeout: 10000 }).catch(() => {
        throw new Error(`the handler never showed "${text}"${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`);
      });
    } else {
      const deadline = Date.now() + 10000;
      while (!logged.some((args) => JSON.stringify(args) === JSON.stringify([channels]))) {
        if (Date.now() > deadline) throw new Error(`the handler never logged ${JSON.stringify(channels)} (logged: ${JSON.stringify(logged)})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {
      if (!popup.isClosed()) throw new Error('the redirect page did not close the popup');
    });
    if (errors.length) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------

for (const framework of chosen) await checkFramework(framework);
if (browserStarted) await (await browserStarted).close();

console.log(`\n| framework | type-check | deliberate mistakes caught | production build | runtime flow | gzip -9: app with snippet / no library import / plain <button> | time |`);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  const bytes = row.bytes
    ? `${row.bytes.full} / ${row.bytes.noLibrary} / ${row.bytes.bare} B: +${row.bytes.full - row.bytes.bare} B (library ${row.bytes.full - row.bytes.noLibrary}, template ${row.bytes.noLibrary - row.bytes.bare})`
    : '–';
  console.log(`| ${row.title} | ${row.typeCheck} | ${row.mistakes} | ${row.build} | ${row.run} | ${bytes} | ${row.time} |`);
}
if (process.env.DIALOG_ONBOARDING_SHOW_MISTAKES === '1') {
  for (const row of rows) console.log(`\n--- ${row.id}: the checker on the copies with mistakes\n${row.excerpt ?? '(none)'}`);
}
console.log(`\ncheck-consumers: ${seconds(started)}`);
if (problems.length) {
  console.error(`\ncheck-consumers: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.error(`  - ${problem.replaceAll('\n', '\n    ')}`);
  process.exit(1);
}
