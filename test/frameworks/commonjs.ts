/**
 * React 19 ships CommonJS only, and the test server serves node_modules as they
 * are (it resolves bare imports, bundles nothing), so `import { useState } from
 * 'react'` cannot load in the browser as it stands. This does for the tests what
 * Vite or webpack do for an app: it runs the packages' CommonJS files in the page
 * with a minimal `require()`, and maps each entry point's URL, through an import
 * map, to a generated ES module exporting the same names. React's own files run
 * unchanged (development builds).
 *
 * A module that imports the packages must be loaded with `import()` after
 * `loadCommonJs(…)`: a static import would be resolved before the map exists.
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

/** Makes `import … from '<specifier>'` work for each of `specifiers` (CommonJS packages) in modules loaded from now on. */
export async function loadCommonJs(specifiers: string[]): Promise<void> {
  const imports: Record<string, string> = {};
  for (const specifier of specifiers) {
    const url = resolve(specifier, location.href);
    const module = await evaluate(url);
    imports[url] = URL.createObjectURL(new Blob([esModule(url, module)], { type: 'text/javascript' }));
  }
  // The test server rewrites `'react'` to a relative URL of this file; the map sends that URL to the ES module.
  const map = document.createElement('script');
  map.type = 'importmap';
  map.textContent = JSON.stringify({ imports });
  document.head.append(map);
}
