/**
 * React 19 ships CommonJS only, and the test server serves node_modules as they
 * are (it resolves bare imports, bundles nothing), so `import { useState } from
 * 'react'` cannot load in the browser as it stands. This does for the tests what
 * Vite or webpack do for an app: it runs the packages' CommonJS files in the page
 * with a minimal `require()`, generates for each entry point an ES module exporting
 * the same names, and loads the app's module with its imports of those entry points
 * pointed at them. React's own files run unchanged (development builds).
 *
 * Not an import map: Firefox (and the HTML standard until recently) ignores an import
 * map added after the page has loaded a module, as a test page always has.
 *
 * A module that imports the packages is loaded with `importWithCommonJs(url)` after
 * `loadCommonJs(…)`.
 */

interface CommonJsModule {
  exports: Record<string, unknown>;
}

type ModuleFunction = (
  module: CommonJsModule,
  exports: CommonJsModule['exports'],
  require: (specifier: string) => unknown,
  process: { env: { NODE_ENV: string } },
) => void;

/** Where the generated ES modules find the evaluated CommonJS modules. */
const REGISTRY = Symbol.for('dialog-onboarding.test.commonjs');
const modules = new Map<string, CommonJsModule>();
(globalThis as unknown as Record<symbol, Map<string, CommonJsModule>>)[REGISTRY] = modules;

const sources = new Map<string, Promise<string>>();

/** `react` → /node_modules/react/index.js, `react-dom/client` → …/client.js, `./cjs/x.js` → next to `parent`. */
function resolve(specifier: string, parent: string): string {
  if (specifier.startsWith('.')) return new URL(specifier, parent).href;
  const [name, ...subpath] = specifier.split('/');
  return new URL(`/node_modules/${name}/${subpath.length ? `${subpath.join('/')}.js` : 'index.js'}`, location.origin).href;
}

/** Fetches `url` and, before anything runs, every file it may `require()`: `require()` is synchronous. */
function fetchTree(url: string): Promise<string> {
  let source = sources.get(url);
  if (!source) {
    source = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
      const text = await response.text();
      const required = [...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => resolve(match[1], url));
      await Promise.all(required.map(fetchTree));
      return text;
    });
    sources.set(url, source);
  }
  return source;
}

async function evaluate(url: string): Promise<CommonJsModule> {
  await fetchTree(url);
  const texts = new Map<string, string>();
  for (const [key, text] of sources) texts.set(key, await text);
  const load = (file: string): CommonJsModule => {
    let module = modules.get(file);
    if (module) return module;
    module = { exports: {} };
    modules.set(file, module); // before running it, as Node does, for require cycles
    const run = new Function('module', 'exports', 'require', 'process', `${texts.get(file)}\n//# sourceURL=${file}`) as ModuleFunction;
    run(module, module.exports, (specifier) => load(resolve(specifier, file)).exports, { env: { NODE_ENV: 'development' } });
    return module;
  };
  return load(url);
}

/** An ES module re-exporting the CommonJS module at `url`: its default and every named export. */
function esModule(url: string, module: CommonJsModule): string {
  const lines = [`const m = globalThis[Symbol.for(${JSON.stringify(REGISTRY.description)})].get(${JSON.stringify(url)}).exports;`, 'export default m;'];
  Object.keys(module.exports)
    .filter((name) => name !== 'default')
    .forEach((name, index) => lines.push(`const e${index} = m[${JSON.stringify(name)}];`, `export { e${index} as ${JSON.stringify(name)} };`));
  return lines.join('\n');
}

/** Entry point URL → URL of its generated ES module. */
const imports = new Map<string, string>();

/** Evaluates each of `specifiers` (CommonJS packages) for `importWithCommonJs`. */
export async function loadCommonJs(specifiers: string[]): Promise<void> {
  for (const specifier of specifiers) {
    const url = resolve(specifier, location.href);
    const module = await evaluate(url);
    imports.set(url, URL.createObjectURL(new Blob([esModule(url, module)], { type: 'text/javascript' })));
  }
}

/**
 * Imports the module at `url` (as the test server serves it) with its imports of the packages
 * given to `loadCommonJs` sent to their generated ES modules. The test server rewrites `'react'`
 * to a URL of React's file; the module runs from a blob, so its other imports are made absolute.
 */
export async function importWithCommonJs<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const source = (await response.text()).replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"']+)\2/g,
    (_match, before: string, quote: string, specifier: string) => {
      const absolute = new URL(specifier, url);
      const bare = `${absolute.origin}${absolute.pathname}`;
      return `${before}${quote}${imports.get(bare) ?? absolute.href}${quote}`;
    },
  );
  return (await import(/* @vite-ignore */ URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))) as T;
}
