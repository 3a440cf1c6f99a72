#!/usr/bin/env node
// @ts-check
/**
 * Checks the package as apps consume it. `npm test` runs it after `npm run build`.
 *
 *   1. The tarball `npm pack` makes: the files apps need are in it, nothing else is; every file
 *      package.json and the manifest name is there, and every relative import in dist/ resolves.
 *   2. A consumer project outside the repository (under the OS temp dir) installs that tarball
 *      (its dependency, lit, from the registry, through npm's own configuration) and type-checks, with the repo's
 *      `tsc`, a strict TypeScript file against it, under `moduleResolution` `bundler` and
 *      `nodenext`; a second generated file asserts that every type the manifest states (tag →
 *      class, property, method, event detail) is the type the declarations give. It then finds
 *      the manifest the way tools do, through the installed package's `customElements` field.
 *   3. The manifest holds public API only (what the entry exports at run time, each export leading,
 *      through re-exports, to its declaration; no private members), and
 *      README.md's API tables match it, element by element, both ways: attributes (with their
 *      properties), properties, methods, events, slots, parts, CSS custom properties. Every event
 *      in the manifest states its type.
 *
 * The consumer's install is cached under the tarball's hash (the tarball is reproducible), so
 * runs after the first cost a pack and two compiles. DIALOG_ONBOARDING_FRESH_INSTALL=1 ignores
 * the cache. Exits 1 with what is wrong, listing every problem it found.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = performance.now();

/** @type {string[]} */
const problems = [];
const fail = (/** @type {string} */ message) => problems.push(message);
const ok = (/** @type {string} */ message) => console.log(`  ok  ${message}`);
const section = (/** @type {string} */ title) => console.log(`\n${title}`);
const seconds = (/** @type {number} */ since) => `${((performance.now() - since) / 1000).toFixed(1)}s`;

/** Ends the run now, with everything found so far. */
function stop() {
  console.error(`\ncheck-package: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.error(`  - ${problem.replaceAll('\n', '\n    ')}`);
  process.exit(1);
}

/** The environment for child npm runs: npm's own configuration, without this run's package context. */
function npmEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_command$|npm_config_local_prefix$|INIT_CWD$)/i.test(key)) delete env[key];
  }
  return env;
}

/** @param {string[]} args @param {string} cwd */
function npm(args, cwd) {
  const result = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout;
}

// ---------------------------------------------------------------------------------------------
// 1. The tarball
// ---------------------------------------------------------------------------------------------

section('1. npm pack: what the tarball holds');
let t = performance.now();
const packDir = mkdtempSync(join(tmpdir(), 'dialog-onboarding-pack-'));
process.on('exit', () => rmSync(packDir, { recursive: true, force: true }));
/** @type {{ filename: string, files: { path: string }[], size: number, unpackedSize: number }} */
let packed;
try {
  // A real pack (its listing is what `npm pack --dry-run --json` prints), so part 2 installs the
  // very tarball checked here. No scripts: a future `prepare` must not rebuild mid-check.
  packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], root))[0];
} catch (error) {
  fail(/** @type {Error} */ (error).message);
  stop();
  throw error;
}
const tarball = join(packDir, packed.filename);
const files = new Set(packed.files.map((f) => f.path.replaceAll('\\', '/')));
console.log(`  ${packed.filename}: ${files.size} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);

const required = [
  'package.json',
  'README.md',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/button.js',
  'dist/button.d.ts',
  'dist/callback.js',
  'dist/callback.d.ts',
  'dist/dialog-onboarding.js',
  'custom-elements.json',
  'vscode.html-custom-data.json',
  'vscode.css-custom-data.json',
];
for (const file of required) {
  if (!files.has(file)) fail(`the tarball lacks ${file} (run \`npm run build\` first; check package.json "files")`);
}
ok(`has ${required.join(', ')}`);

// Everything else is out: sources, tests, the demo, CI, configs, and source maps (they would point
// at src/, which is not published).
const forbidden = [
  [/^src\//, 'sources (src/)'],
  [/^test\//, 'tests (test/)'],
  [/^demo\//, 'the demo (demo/)'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/^\.ci\//, 'CI scripts (.ci/)'],
  [/\.map$/, 'source maps'],
];
const allowed = (/** @type {string} */ file) =>
  file.startsWith('dist/') || required.includes(file) || /^(LICEN[CS]E|NOTICE)(\.\w+)?$/i.test(file);
for (const file of files) {
  const hit = forbidden.find(([pattern]) => /** @type {RegExp} */ (pattern).test(file));
  if (hit) fail(`the tarball includes ${hit[1]}: ${file}`);
  else if (!allowed(file)) fail(`the tarball includes ${file}, which apps do not need (package.json "files")`);
}
ok('no src/, test/, demo/, .ci/, node_modules, source maps or other stray files');

// Every file package.json points at is in the tarball.
/** @param {unknown} value @returns {string[]} */
const targets = (value) =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : [];
const named = [pkg.main, pkg.module, pkg.types, pkg.customElements, ...targets(pkg.exports)].filter(Boolean);
for (const target of new Set(named)) {
  const file = posix.normalize(target);
  if (!files.has(file)) fail(`package.json names ${target}, which is not in the tarball`);
}
ok(`every file package.json names is packed (${new Set(named).size} paths)`);

// Every relative import in the packed JavaScript and declarations resolves to a packed file.
let imports = 0;
for (const file of files) {
  if (!/^dist\/.*\.(js|d\.ts)$/.test(file)) continue;
  const source = readFileSync(join(root, file), 'utf8');
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g)) {
    imports++;
    const target = posix.join(posix.dirname(file), match[2]);
    const candidates = file.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
    if (!candidates.some((c) => files.has(c))) fail(`${file} imports ${match[2]}, which is not in the tarball`);
  }
}
ok(`${imports} relative imports in dist/ resolve to packed files`);

// The manifest's module paths are published files.
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
for (const mod of manifest.modules) {
  if (!files.has(mod.path)) fail(`custom-elements.json describes module ${mod.path}, which is not in the tarball`);
}
ok(`the manifest's ${manifest.modules.length} module paths are packed files`);
console.log(`  (${seconds(t)})`);
if (problems.length) stop();

// ---------------------------------------------------------------------------------------------
// 2. A consumer project
// ---------------------------------------------------------------------------------------------

/** Custom elements in a manifest: tag → declaration. */
function elementsOf(/** @type {any} */ cem) {
  const elements = new Map();
  for (const mod of cem.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
    }
  }
  return elements;
}
const elements = elementsOf(manifest);

section('2. A consumer project installs the tarball');
t = performance.now();
const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
// Per user as well: another user's copy of the same tarball's project is not ours to write.
const cachePrefix = `dialog-onboarding-consumer-${process.getuid?.() ?? 'user'}-`;
const consumer = join(tmpdir(), `${cachePrefix}${hash}`);
const fresh = process.env.DIALOG_ONBOARDING_FRESH_INSTALL === '1';
if (fresh) rmSync(consumer, { recursive: true, force: true });
if (existsSync(join(consumer, 'node_modules', 'dialog-onboarding', 'package.json'))) {
  console.log(`  ${consumer}: installed before from this very tarball (sha256 ${hash}…), reused`);
} else {
  // Install beside the final place, then move it there, so an interrupted run leaves no half install.
  const staging = mkdtempSync(join(tmpdir(), `${cachePrefix}staging-`));
  try {
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
    copyFileSync(tarball, join(staging, 'dialog-onboarding.tgz'));
    npm(['install', './dialog-onboarding.tgz', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], staging);
    rmSync(consumer, { recursive: true, force: true });
    renameSync(staging, consumer);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    fail(`installing the tarball into a fresh project failed: ${/** @type {Error} */ (error).message}`);
    stop();
  }
  // Older installs (other tarballs) go.
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith(cachePrefix) && join(tmpdir(), entry) !== consumer && !entry.includes('staging')) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
  console.log(`  ${consumer}: npm install of the tarball (${seconds(t)})`);
}

const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', 'lit', 'package.json'), 'utf8'));
ok(`installed dialog-onboarding with lit ${installed.version} from the registry`);

// What an app writes. Each @ts-expect-error must be an error, or the types are `any` somewhere.
const consumerSource = `import 'dialog-onboarding';
import type { OnboardedEvent, DialogOnboardingButton } from 'dialog-onboarding';
import type { OnboardingErrorReason } from 'dialog-onboarding';

const b = document.createElement('dialog-onboarding-button');
b.partnerId = 'x';
b.addEventListener('onboarded', (e) => {
  const c: string[] = e.detail.channels;
  const client: string = e.detail.client;
  // @ts-expect-error: the detail has no such field
  void e.detail.nope;
  void [c, client];
});
b.addEventListener('onboarding-error', (e) => {
  switch (e.detail.reason) {
    case 'popup-blocked':
    case 'invalid-result':
    case 'prepare-failed':
    case 'invalid-config':
    case 'no-attempt':
      break;
    default: {
      const never: never = e.detail.reason;
      void never;
    }
  }
});
document.addEventListener('revoked', (e) => e.detail.channels.join());

const typed: DialogOnboardingButton = b;
const onOnboarded = (e: OnboardedEvent): string => e.detail.client;
typed.addEventListener('onboarded', onOnboarded);
// @ts-expect-error: partnerId is a string
b.partnerId = 42;
// @ts-expect-error: not one of the reasons
const reason: OnboardingErrorReason = 'nope';
void reason;

const callback = document.createElement('dialog-onboarding-callback');
callback.returnUrl = '/onboarding';
callback.addEventListener('onboarding-error', (e) => e.detail.message.trim());
`;

/**
 * Apps that import one element's entry: it types its own tag and events, and not the other tag.
 * Each is compiled as a program of its own, so nothing of the main entry's types leaks in.
 */
const oneElementSources = {
  'consumer-button.ts': `import 'dialog-onboarding/button';
import type { DialogOnboardingButton, OnboardedEvent, PrepareParameters } from 'dialog-onboarding/button';

const b: DialogOnboardingButton = document.createElement('dialog-onboarding-button');
const prepare: PrepareParameters = async ({ partnerId }) => ({ state: partnerId });
b.prepareParameters = prepare;
b.addEventListener('onboarded', (e: OnboardedEvent) => e.detail.channels.join());
const c = document.createElement('dialog-onboarding-callback');
// @ts-expect-error: this entry does not register the callback, so its tag is a plain HTMLElement
c.returnUrl = '/onboarding';
`,
  'consumer-callback.ts': `import 'dialog-onboarding/callback';
import type { DialogOnboardingCallback, OnboardingErrorEvent } from 'dialog-onboarding/callback';

const c: DialogOnboardingCallback = document.createElement('dialog-onboarding-callback');
c.returnUrl = '/onboarding';
c.addEventListener('onboarding-error', (e: OnboardingErrorEvent) => e.detail.reason);
c.addEventListener('onboarded', (e) => e.detail.client.trim());
const b = document.createElement('dialog-onboarding-button');
// @ts-expect-error: this entry does not register the button, so its tag is a plain HTMLElement
b.partnerId = 'x';
`,
};

/** Assertions generated from the manifest: each type it states is the declarations' type. */
function manifestTypesSource() {
  const builtins = new Set(['string', 'number', 'boolean', 'undefined', 'null', 'void', 'unknown', 'any', 'never', 'object', 'Promise', 'Record', 'Array']);
  /** @type {Set<string>} */
  const names = new Set();
  /** Identifiers a type text needs imported (outside string literals). */
  const need = (/** @type {string} */ text) => {
    for (const [word] of text.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '').matchAll(/[A-Za-z_$][\w$]*/g)) {
      if (!builtins.has(word)) names.add(word);
    }
    return text;
  };
  const lines = [];
  const id = (/** @type {string} */ s) => s.replace(/[^\w]/g, '_');
  for (const [tag, element] of elements) {
    names.add(element.name);
    lines.push(`// <${tag}>`);
    lines.push(`type ${id(tag)}__class = Expect<Equal<HTMLElementTagNameMap['${tag}'], ${element.name}>>;`);
    for (const member of element.members ?? []) {
      if (member.static) continue;
      if (member.kind === 'field' && member.type?.text) {
        lines.push(`type ${id(tag)}__property_${id(member.name)} = Expect<Equal<${element.name}['${member.name}'], ${need(member.type.text)}>>;`);
      }
      if (member.kind === 'method') {
        lines.push(`type ${id(tag)}__method_${id(member.name)} = Expect<Equal<${element.name}['${member.name}'] extends (...args: any[]) => any ? true : false, true>>;`);
        if (member.return?.type?.text) {
          lines.push(`type ${id(tag)}__method_${id(member.name)}_returns = Expect<Equal<ReturnType<${element.name}['${member.name}']>, ${need(member.return.type.text)}>>;`);
        }
      }
    }
    for (const event of element.events ?? []) {
      if (!event.type?.text) continue; // reported in part 3
      lines.push(`type ${id(tag)}__event_${id(event.name)} = Expect<Equal<HTMLElementEventMap['${event.name}'], ${need(event.type.text)}>>;`);
    }
  }
  return [
    '// Generated by scripts/check-package.mjs from custom-elements.json: every type the manifest',
    '// states must be the type the package declares. A failing line names the element and member.',
    `import type { ${[...names].sort().join(', ')} } from 'dialog-onboarding';`,
    'type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;',
    'type Expect<T extends true> = T;',
    ...lines,
    '',
  ].join('\n');
}

writeFileSync(join(consumer, 'consumer.ts'), consumerSource);
writeFileSync(join(consumer, 'manifest-types.ts'), manifestTypesSource());
for (const [file, source] of Object.entries(oneElementSources)) writeFileSync(join(consumer, file), source);
/** Each program: its files, and the declaration file its entry must resolve to. */
const programs = [
  { name: 'consumer', files: ['consumer.ts', 'manifest-types.ts'], entry: 'dist/index.d.ts', specifier: 'dialog-onboarding' },
  { name: 'button', files: ['consumer-button.ts'], entry: 'dist/button.d.ts', specifier: 'dialog-onboarding/button' },
  { name: 'callback', files: ['consumer-callback.ts'], entry: 'dist/callback.d.ts', specifier: 'dialog-onboarding/callback' },
];
const strict = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  skipLibCheck: false, // the package's declarations (and Lit's) are checked too
  noEmit: true,
  types: [],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
};
const configs = {
  bundler: { ...strict, module: 'ESNext', moduleResolution: 'bundler' },
  nodenext: { ...strict, module: 'NodeNext', moduleResolution: 'NodeNext' },
};

// The repo's own compiler (the native one: a binary, no JS API), run on the consumer's files.
const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
for (const [resolution, compilerOptions] of Object.entries(configs)) for (const program of programs) {
  const config = `tsconfig.${program.name}.${resolution}.json`;
  writeFileSync(join(consumer, config), `${JSON.stringify({ compilerOptions, files: program.files }, null, 2)}\n`);
  const tc = performance.now();
  const result = spawnSync(process.execPath, [tsc, '-p', config, '--listFiles', '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  // Each error with the line it points at (the generated assertions are named after what they check).
  const errors = output
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .map((line) => {
      const at = line.match(/^(.+?)\((\d+),\d+\)/);
      const source = at && existsSync(join(consumer, at[1])) ? readFileSync(join(consumer, at[1]), 'utf8').split('\n')[Number(at[2]) - 1] : undefined;
      return source ? `${line}\n  > ${source.trim()}` : line;
    });
  if (result.status !== 0 || errors.length) {
    fail(`strict ${program.files.join(' + ')} (moduleResolution ${resolution}) does not type-check against the installed package:\n${(errors.length ? errors : [output.trim()]).join('\n')}\n(files in ${consumer})`);
    continue;
  }
  const listed = output.split('\n').map((line) => line.trim().replaceAll('\\', '/'));
  if (!listed.some((file) => file.endsWith(`/node_modules/dialog-onboarding/${program.entry}`))) {
    fail(`moduleResolution ${resolution}: '${program.specifier}' did not resolve to the installed ${program.entry}`);
    continue;
  }
  ok(`strict ${program.files.join(' + ')} ('${program.specifier}') type-checks with moduleResolution ${resolution}, skipLibCheck off (${seconds(tc)})`);
}
ok(`manifest types asserted against the declarations: ${manifestTypesSource().split('\n').filter((l) => l.startsWith('type ') && l.includes('Expect<')).length} assertions`);

// Tools find the manifest through the installed package's `customElements` field.
const consumerRequire = createRequire(join(consumer, 'package.json'));
const installedPkgPath = consumerRequire.resolve('dialog-onboarding/package.json');
const installedPkg = JSON.parse(readFileSync(installedPkgPath, 'utf8'));
if (typeof installedPkg.customElements !== 'string') {
  fail('the installed package.json has no "customElements" field');
} else {
  const manifestPath = join(dirname(installedPkgPath), installedPkg.customElements);
  if (!existsSync(manifestPath)) {
    fail(`the installed package's "customElements" names ${installedPkg.customElements}, which is missing`);
  } else {
    const installedManifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const tags = [...elementsOf(installedManifest).keys()];
    for (const tag of ['dialog-onboarding-button', 'dialog-onboarding-callback']) {
      if (!tags.includes(tag)) fail(`the installed manifest (${installedPkg.customElements}) does not describe <${tag}>`);
    }
    ok(`"customElements" → ${installedPkg.customElements}, describing ${tags.map((tag) => `<${tag}>`).join(', ')}`);
    if (consumerRequire.resolve('dialog-onboarding/custom-elements.json') !== manifestPath) {
      fail('the export "dialog-onboarding/custom-elements.json" is not the file "customElements" names');
    } else ok('exported as dialog-onboarding/custom-elements.json');
  }
}
const vscodeData = JSON.parse(readFileSync(consumerRequire.resolve('dialog-onboarding/vscode.html-custom-data.json'), 'utf8'));
const vscodeTags = (vscodeData.tags ?? []).map((/** @type {{ name: string }} */ tag) => tag.name);
for (const tag of elements.keys()) {
  if (!vscodeTags.includes(tag)) fail(`vscode.html-custom-data.json lacks <${tag}>`);
}
ok(`vscode.html-custom-data.json describes ${vscodeTags.length} tags`);
console.log(`  (${seconds(t)})`);

// ---------------------------------------------------------------------------------------------
// 3. README tables against the manifest
// ---------------------------------------------------------------------------------------------

section('3. custom-elements.json: public API only, and README.md\'s API tables against it');
const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n');

/** Splits a table row into cells; `|` inside backticks or escaped as `\|` stays in the cell. */
function cells(/** @type {string} */ row) {
  const out = [];
  let cell = '';
  let code = false;
  const text = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '`') {
      code = !code;
      cell += char;
    } else if (char === '|' && !code) {
      out.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  out.push(cell.trim());
  return out;
}
/** The name in a cell: its first code span, or null for "—". */
const codeOf = (/** @type {string} */ cell) => (cell === '—' || cell === '-' ? null : (cell.match(/`([^`]+)`/)?.[1] ?? null));

/** @typedef {{ attributes: Map<string, string | null>, properties: Set<string>, methods: Set<string>, events: Set<string>, slots: Set<string>, parts: Set<string>, cssProperties: Set<string> }} Api */

/** Reads the tables in each "## `<tag>`" section. @returns {Map<string, Api>} */
function readmeApi() {
  const api = new Map();
  /** @type {Api | undefined} */
  let current;
  let tag = '';
  for (let i = 0; i < readme.length; i++) {
    const line = readme[i];
    const heading = line.match(/^## (.*)$/);
    if (heading) {
      const element = heading[1].match(/^`<([a-z][\w-]*-[\w-]*)>`$/);
      tag = element ? element[1] : '';
      current = element ? { attributes: new Map(), properties: new Set(), methods: new Set(), events: new Set(), slots: new Set(), parts: new Set(), cssProperties: new Set() } : undefined;
      if (current) api.set(tag, current);
      continue;
    }
    if (!current || !line.startsWith('|') || readme[i - 1]?.startsWith('|')) continue;
    // A table starts here: header, separator, rows.
    const kind = cells(line)[0].toLowerCase();
    const rows = [];
    for (i += 2; i < readme.length && readme[i].startsWith('|'); i++) rows.push({ line: i + 1, cells: cells(readme[i]) });
    i--;
    for (const row of rows) {
      const [first, second] = row.cells;
      const where = `README.md:${row.line} (<${tag}>, "${kind}" table)`;
      const name = codeOf(first);
      switch (kind) {
        case 'attribute': {
          const property = codeOf(second ?? '');
          if (name) current.attributes.set(name, property);
          if (property) current.properties.add(property);
          if (!name && !property) fail(`${where}: a row with neither attribute nor property`);
          break;
        }
        case 'method':
          if (name?.match(/^[\w$]+/)) current.methods.add(/** @type {RegExpMatchArray} */ (name.match(/^[\w$]+/))[0]);
          else fail(`${where}: cannot read the method in "${first}"`);
          break;
        case 'event':
          if (name) current.events.add(name);
          else fail(`${where}: cannot read the event in "${first}"`);
          break;
        case 'css property':
          if (name?.startsWith('--')) current.cssProperties.add(name);
          else fail(`${where}: cannot read the CSS property in "${first}"`);
          break;
        case 'slot / part':
        case 'slot':
        case 'part': {
          const part = first.match(/^`::part\(([\w-]+)\)`$/);
          const slot = first.match(/^`([\w-]+)` slot$/);
          if (part) current.parts.add(part[1]);
          else if (first === 'default slot') current.slots.add('');
          else if (slot) current.slots.add(slot[1]);
          else fail(`${where}: cannot read "${first}"; write "default slot", "\`name\` slot" or "\`::part(name)\`"`);
          break;
        }
        // Other tables (none today) are prose, not API.
      }
    }
  }
  return api;
}

// The manifest is public API only: no private members, nothing the entry does not export.
const entryModule = manifest.modules.find((/** @type {any} */ m) => m.path === posix.normalize(pkg.exports['.'].import));
/** Where a reference leads: through re-exports (`export { X } from './x.js'`) to the module declaring X. @returns {string} */
const declaredAt = (/** @type {{ name: string, module?: string }} */ ref, hops = 0) => {
  const mod = manifest.modules.find((/** @type {any} */ m) => m.path === ref.module);
  const next = !mod?.declarations?.some((/** @type {any} */ d) => d.name === ref.name) && mod?.exports?.find((/** @type {any} */ e) => e.kind === 'js' && e.name === ref.name);
  return next && hops < 10 ? declaredAt(next.declaration, hops + 1) : `${ref.module}#${ref.name}`;
};
const exported = new Set((entryModule?.exports ?? []).map((/** @type {any} */ e) => declaredAt(e.declaration)));
if (!entryModule) fail(`custom-elements.json has no module for the package entry ${pkg.exports['.'].import}`);
const declared = new Set(manifest.modules.flatMap((/** @type {any} */ m) => (m.declarations ?? []).map((/** @type {any} */ d) => `${m.path}#${d.name}`)));
for (const at of exported) if (!declared.has(at)) fail(`the package entry's export ${at} leads to no declaration in custom-elements.json`);
// The entry's JS exports are the ones dist/index.js makes at run time (none of its `export type`).
const runtime = [...readFileSync(join(root, pkg.exports['.'].import), 'utf8').matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1].split(',').map((name) => name.trim().split(/\s+as\s+/).pop()));
const listed = (entryModule?.exports ?? []).filter((/** @type {any} */ e) => e.kind === 'js').map((/** @type {any} */ e) => e.name);
if (runtime.sort().join() !== listed.sort().join()) fail(`custom-elements.json gives the entry the JS exports ${listed.join(', ')}; dist/index.js exports ${runtime.join(', ')}`);
for (const mod of manifest.modules) {
  for (const declaration of mod.declarations ?? []) {
    if (!exported.has(`${mod.path}#${declaration.name}`)) fail(`custom-elements.json describes ${declaration.name} (${mod.path}), which the package entry does not export`);
    for (const member of declaration.members ?? []) {
      if (member.name.startsWith('#') || member.privacy === 'private' || member.privacy === 'protected') {
        fail(`custom-elements.json lists ${member.privacy ?? 'private'} member ${declaration.name}.${member.name}`);
      }
    }
  }
}
// Each one-element entry names the element it defines, for tools that map a tag to its import.
const oneElementEntries = { './button': 'dialog-onboarding-button', './callback': 'dialog-onboarding-callback' };
for (const [subpath, tag] of Object.entries(oneElementEntries)) {
  const path = pkg.exports[subpath]?.import && posix.normalize(pkg.exports[subpath].import);
  const mod = manifest.modules.find((/** @type {any} */ m) => m.path === path);
  if (!path) fail(`package.json exports no "${subpath}"`);
  else if (!mod?.exports?.some((/** @type {any} */ e) => e.kind === 'custom-element-definition' && e.name === tag)) {
    fail(`custom-elements.json does not say that ${path} ("dialog-onboarding${subpath.slice(1)}") defines <${tag}>`);
  }
}
ok(`the manifest names the module defining each element: ${Object.entries(oneElementEntries).map(([subpath, tag]) => `<${tag}> in dialog-onboarding${subpath.slice(1)}`).join(', ')}`);

// Defaults are values: a bare constant name (PREPARE_TIMEOUT_MS) means the analyzer did not resolve it.
for (const mod of manifest.modules) {
  for (const declaration of mod.declarations ?? []) {
    for (const item of [...(declaration.attributes ?? []), ...(declaration.members ?? [])]) {
      if (typeof item.default === 'string' && /^[A-Z_][A-Z0-9_]*$/.test(item.default)) {
        fail(`custom-elements.json gives ${declaration.name}'s ${item.name} the default "${item.default}", a constant's name, not its value`);
      }
    }
  }
}
ok('no default is left as a constant\'s name');
ok(`the manifest holds public API only: ${manifest.modules.reduce((/** @type {number} */ n, /** @type {any} */ m) => n + (m.declarations?.length ?? 0), 0)} declarations, all exported by the entry, which exports what dist/index.js does; no private members`);

const documented = readmeApi();
const label = (/** @type {string} */ kind, /** @type {string} */ name) => (kind === 'slot' && name === '' ? 'the default slot' : `${kind} \`${name}\``);
/** @param {string} tag @param {string} kind @param {Iterable<string>} inManifest @param {Iterable<string>} inReadme */
function compare(tag, kind, inManifest, inReadme) {
  const a = new Set(inManifest);
  const b = new Set(inReadme);
  for (const name of a) if (!b.has(name)) fail(`<${tag}>: ${label(kind, name)} is in the manifest but not in README.md's tables for the element`);
  for (const name of b) if (!a.has(name)) fail(`<${tag}>: ${label(kind, name)} is in README.md's tables but not in the manifest (removed, renamed, or missing its JSDoc tag?)`);
  return a.size;
}
for (const tag of documented.keys()) {
  if (!elements.has(tag)) fail(`README.md has a section for <${tag}>, which the manifest does not define`);
}
for (const [tag, element] of elements) {
  const doc = documented.get(tag);
  if (!doc) {
    fail(`README.md has no "## \`<${tag}>\`" section for an element the manifest defines`);
    continue;
  }
  const members = (element.members ?? []).filter((/** @type {any} */ m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected');
  const counts = [
    ['attributes', compare(tag, 'attribute', (element.attributes ?? []).map((/** @type {any} */ a) => a.name), doc.attributes.keys())],
    ['properties', compare(tag, 'property', members.filter((/** @type {any} */ m) => m.kind === 'field').map((/** @type {any} */ m) => m.name), doc.properties)],
    ['methods', compare(tag, 'method', members.filter((/** @type {any} */ m) => m.kind === 'method').map((/** @type {any} */ m) => m.name), doc.methods)],
    ['events', compare(tag, 'event', (element.events ?? []).map((/** @type {any} */ e) => e.name), doc.events)],
    ['slots', compare(tag, 'slot', (element.slots ?? []).map((/** @type {any} */ s) => s.name), doc.slots)],
    ['parts', compare(tag, 'part', (element.cssParts ?? []).map((/** @type {any} */ p) => p.name), doc.parts)],
    ['CSS properties', compare(tag, 'CSS property', (element.cssProperties ?? []).map((/** @type {any} */ p) => p.name), doc.cssProperties)],
  ];
  // The attribute and property on one row are the same API.
  for (const attribute of element.attributes ?? []) {
    const property = doc.attributes.get(attribute.name);
    if (property !== undefined && (property ?? undefined) !== attribute.fieldName) {
      fail(`<${tag}>: README.md pairs attribute \`${attribute.name}\` with ${property ? `property \`${property}\`` : 'no property'}; the manifest says \`${attribute.fieldName}\``);
    }
  }
  // Apps read the detail type from the manifest (editors, docs): every event states one.
  for (const event of element.events ?? []) {
    if (!event.type?.text) fail(`<${tag}>: event \`${event.name}\` has no type in the manifest; write \`@event {TypeName} ${event.name} - …\` above the class`);
  }
  ok(`<${tag}>: ${counts.map(([kind, n]) => `${n} ${kind}`).join(', ')}; README and manifest agree`);
}

if (problems.length) stop();
console.log(`\ncheck-package: all good (${seconds(started)})`);
