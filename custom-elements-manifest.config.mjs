// @ts-check
// `cem analyze` (npm run build) writes custom-elements.json and VS Code's custom data, checked by test/package/check-package.mjs.
// Plugins get the analyzer's TypeScript as `ts`: never import `typescript` here (the project's is native, with no JS API).
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';

/** @type {import('@custom-elements-manifest/analyzer').Plugin} What the analyzer cannot tell; why, one line each. */
const packageApi = {
  name: 'dialog-onboarding-package-api',
  analyzePhase({ ts, node, moduleDoc }) {
    // `export type …` exports nothing at run time, yet the analyzer has just listed it as JS exports.
    if (ts.isExportDeclaration(node) && node.isTypeOnly) moduleDoc.exports?.splice(-(node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.length : 1));
    // define.ts's `define()` is `customElements.define()` tolerating a second copy; the analyzer knows only the latter.
    if (ts.isCallExpression(node) && node.expression.getText() === 'define' && ts.isStringLiteral(node.arguments[0])) {
      moduleDoc.exports?.push({ kind: 'custom-element-definition', name: node.arguments[0].text, declaration: { name: node.arguments[1].getText(), module: moduleDoc.path } });
    }
  },
  moduleLinkPhase({ moduleDoc, context }) {
    // The analyzer leaves `export { X } from './x.js'` relative, and takes an imported X exported on for one declared here.
    for (const { declaration: ref } of moduleDoc.exports ?? []) {
      const from = ref.module === moduleDoc.path ? /** @type {{ name: string, importPath: string }[]} */ (context.imports).find((i) => i.name === ref.name)?.importPath : ref.module;
      if (from?.startsWith('.')) ref.module = posix.join(posix.dirname(moduleDoc.path), from);
    }
  },
  packageLinkPhase({ customElementsManifest: manifest }) {
    const declarations = /** @type {any[]} */ (manifest.modules.flatMap((m) => m.declarations ?? []));
    // The analyzer resolves a default that names a constant (DEFAULT_HUB_URL) only if declared in the same module.
    const constants = new Map(declarations.filter((d) => d.kind === 'variable').map((d) => [d.name, d.default]));
    for (const d of declarations) {
      d.members = d.members?.filter((/** @type {any} */ m) => !m.name.startsWith('#')); // `#private`: no app can reach them
      for (const item of [...(d.members ?? []), ...(d.attributes ?? [])]) item.default = constants.get(item.default) ?? item.default;
    }
    // The package's API is what its entry exports; the analyzer takes every module's exports for public.
    const api = new Set(manifest.modules.find((m) => m.path === 'dist/index.js')?.exports?.map((e) => e.name));
    for (const m of manifest.modules) {
      m.declarations = m.declarations?.filter((d) => api.has(d.name));
      m.exports = m.exports?.filter((e) => e.kind === 'custom-element-definition' || api.has(e.name));
    }
    manifest.modules = manifest.modules.filter((m) => m.declarations?.length || m.exports?.length);
  },
};

export default {
  globs: ['src/*.ts'], // src/frameworks/ holds the framework wrappers, no elements
  exclude: ['src/define.ts'], // its `customElements.define(name, element)` defines no element of its own
  litelement: true,
  outdir: '.',
  packagejson: false, // package.json names the manifest itself (`customElements`)
  /** Modules under their published names: tsc compiles src/x.ts to dist/x.js (tsconfig.build.json). @param {{ ts: import('@custom-elements-manifest/analyzer').AnalyzePhaseParams['ts'], globs: string[] }} options */
  overrideModuleCreation: ({ ts, globs }) =>
    globs.map((path) => ts.createSourceFile(path.replace(/^src\/(.*)\.ts$/, 'dist/$1.js'), readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)),
  plugins: [
    packageApi, // first: the editor data then has only public elements and members
    customElementVsCodePlugin({ outdir: '.', htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', hideLogs: true }),
  ],
};
