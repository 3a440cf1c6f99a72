// @ts-check
/**
 * Custom Elements Manifest for the package (`custom-elements.json`, named by package.json's
 * `customElements`) and VS Code's custom data, written by `npm run build` (`cem analyze`).
 * Both are build output: gitignored, listed in package.json's `files`.
 *
 * The analyzer reads the sources, but the manifest describes the package as apps get it:
 * module paths are the published `dist/*.js`, the API is what `dist/index.js` exports, private
 * (`#`) members and internal modules are left out. `test/package/check-package.mjs` checks the result
 * against the packed tarball and the README.
 *
 * Plugins get the analyzer's own TypeScript (`ts` in each hook); never import `typescript`
 * here: the project's is the native compiler, with no JS API.
 */
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';

/** The package's entry, as the analyzer names modules (paths relative to the repo). */
const ENTRY = 'src/index.ts';

/**
 * Runtime exports of the entry that are not public API. `export * from './events.js'` is there
 * for the event types, and brings the two dispatch helpers along.
 */
const INTERNAL = new Set(['emit', 'emitResult']);

/** @param {string} path `src/x.ts` → `dist/x.js`, the file the package ships. */
const published = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

/**
 * @typedef {{
 *   typeOnly: Map<string, Set<string>>,
 *   aliases: Map<string, Map<string, { text: string, exported: boolean }>>,
 *   defines: Map<string, { tag: string, className: string }[]>,
 * }} Collected
 */

/**
 * Reduces the analyzer's view of `src/` to the package's public API.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function publicApiPlugin() {
  /** @type {Collected} */
  const seen = { typeOnly: new Map(), aliases: new Map(), defines: new Map() };
  /** @template T @param {Map<string, T>} map @param {string} key @param {() => T} make */
  const entry = (map, key, make) => {
    if (!map.has(key)) map.set(key, make());
    return /** @type {T} */ (map.get(key));
  };

  return {
    name: 'dialog-onboarding-public-api',

    analyzePhase({ ts, node, moduleDoc }) {
      const path = /** @type {string} */ (moduleDoc.path);
      // `export type { … }`, `export type * from …`, `export { type X }`: no runtime value.
      if (ts.isExportDeclaration(node)) {
        const names = entry(seen.typeOnly, path, () => new Set());
        const clause = node.exportClause;
        if (node.isTypeOnly && !clause) names.add('*');
        if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) {
            if (node.isTypeOnly || element.isTypeOnly) names.add(element.name.getText());
          }
        }
      }
      // Type aliases, so a member typed with a module-private alias can show its union.
      if (ts.isTypeAliasDeclaration(node)) {
        const exported = !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        entry(seen.aliases, path, () => new Map()).set(node.name.getText(), {
          text: node.type.getText().replace(/\s+/g, ' ').replace(/^\| /, ''),
          exported,
        });
      }
      // `define('tag-name', Class)` or `customElements.define('tag-name', Class)`.
      if (ts.isCallExpression(node) && node.arguments.length === 2) {
        const [tag, klass] = node.arguments;
        const callee = node.expression.getText();
        if ((callee === 'define' || callee.endsWith('.define')) && ts.isStringLiteral(tag) && ts.isIdentifier(klass)) {
          entry(seen.defines, path, () => []).push({ tag: tag.text, className: klass.text });
        }
      }
    },

    packageLinkPhase({ customElementsManifest: manifest }) {
      const modules = manifest.modules;
      const byPath = new Map(modules.map((m) => [m.path, m]));
      const entryModule = byPath.get(ENTRY);
      if (!entryModule) throw new Error(`${ENTRY} was not analysed; check the globs`);

      /** @param {string} from @param {string} specifier */
      const resolve = (from, specifier) => {
        let path = specifier;
        if (specifier.startsWith('.')) {
          const dir = from.split('/').slice(0, -1);
          for (const part of specifier.split('/')) {
            if (part === '..') dir.pop();
            else if (part !== '.') dir.push(part);
          }
          path = dir.join('/');
        }
        const source = path.replace(/\.js$/, '.ts');
        return byPath.has(source) ? source : path;
      };
      /** Where `name` is declared, given the module an export names (or the entry itself). */
      const declaredIn = (/** @type {string} */ name, /** @type {string | undefined} */ hint) => {
        const hinted = hint && byPath.get(hint);
        if (hinted && hinted.declarations?.some((d) => d.name === name)) return hinted.path;
        const found = modules.filter((m) => m.declarations?.some((d) => d.name === name));
        if (found.length !== 1) throw new Error(`cannot tell where ${name} is declared (${found.length} candidates)`);
        return found[0].path;
      };

      // Defaults written as constants (`DEFAULT_HUB_URL`) become the constants' values.
      const constants = new Map();
      for (const m of modules) {
        for (const d of m.declarations ?? []) {
          if (d.kind === 'variable' && d.default !== undefined) constants.set(d.name, d.default);
        }
      }

      // The public runtime API: what the entry exports, minus type-only and internal names.
      const typeOnly = seen.typeOnly.get(ENTRY) ?? new Set();
      /** @type {Map<string, string>} public name → module that declares it */
      const publicNames = new Map();
      for (const exp of entryModule.exports ?? []) {
        if (exp.kind !== 'js' || typeOnly.has(exp.name)) continue;
        const hint = exp.declaration.module && resolve(ENTRY, exp.declaration.module);
        if (exp.name === '*') {
          if (typeOnly.has('*') || !hint) continue;
          const target = byPath.get(hint);
          const targetTypeOnly = seen.typeOnly.get(hint) ?? new Set();
          for (const inner of target?.exports ?? []) {
            if (inner.kind === 'js' && !targetTypeOnly.has(inner.name) && !INTERNAL.has(inner.name)) {
              publicNames.set(inner.name, declaredIn(inner.declaration.name, hint));
            }
          }
          continue;
        }
        if (INTERNAL.has(exp.name)) continue;
        publicNames.set(exp.name, declaredIn(exp.declaration.name, hint === ENTRY ? undefined : hint));
      }

      // Each element is defined in its one-element entry (button.ts, callback.ts), which the
      // package's entry imports: the manifest names both places, for tools that map a tag to
      // the module to import for it.
      const definitions = [...seen.defines].flatMap(([path, defines]) => defines.map((define) => ({ ...define, definedIn: path }))).map(({ tag, className, definedIn }) => ({
        definedIn,
        tag,
        className,
        module: declaredIn(className, undefined),
      }));

      for (const m of modules) {
        const aliases = seen.aliases.get(m.path) ?? new Map();
        /** @param {{ text: string } | undefined} type */
        const expand = (type) => {
          const alias = type && aliases.get(type.text);
          if (type && alias && !alias.exported) type.text = alias.text;
        };
        /** @param {{ default?: string }} item */
        const resolveDefault = (item) => {
          if (item.default !== undefined && constants.has(item.default)) item.default = constants.get(item.default);
          if (item.default !== undefined && /^\d[\d_]*$/.test(item.default)) item.default = item.default.replaceAll('_', '');
        };

        m.declarations = (m.declarations ?? []).filter((d) => publicNames.get(d.name) === m.path);
        for (const d of m.declarations) {
          if (d.kind !== 'class') continue;
          const definition = definitions.find((def) => def.className === d.name && def.module === m.path);
          if (definition) Object.assign(d, { tagName: definition.tag, customElement: true });
          d.members = (d.members ?? []).filter(
            (member) => !member.name.startsWith('#') && member.privacy !== 'private' && member.privacy !== 'protected',
          );
          for (const member of d.members) {
            if (member.kind === 'field') {
              expand(member.type);
              resolveDefault(member);
            }
          }
          for (const attribute of /** @type {import('custom-elements-manifest/schema').CustomElement} */ (/** @type {unknown} */ (d)).attributes ?? []) {
            expand(attribute.type);
            resolveDefault(attribute);
          }
        }
        const kept = new Set(m.declarations.map((d) => d.name));
        m.exports = m.path === ENTRY ? [] : (m.exports ?? []).filter((e) => e.kind === 'js' && kept.has(e.name));
      }

      // The entry re-exports the public API and defines the elements.
      entryModule.exports = [
        ...[...publicNames].map(([name, module]) => ({
          kind: /** @type {const} */ ('js'),
          name,
          declaration: { name, module: published(module) },
        })),
        ...definitions.map(({ tag, className, module }) => ({
          kind: /** @type {const} */ ('custom-element-definition'),
          name: tag,
          declaration: { name: className, module: published(module) },
        })),
      ];

      // A one-element entry: the class it re-exports, and the element it defines.
      const defining = modules.filter((m) => m !== entryModule && definitions.some((d) => d.definedIn === m.path));
      for (const m of defining) {
        m.exports = definitions
          .filter((d) => d.definedIn === m.path)
          .flatMap(({ tag, className, module }) => [
            { kind: /** @type {const} */ ('js'), name: className, declaration: { name: className, module: published(module) } },
            { kind: /** @type {const} */ ('custom-element-definition'), name: tag, declaration: { name: className, module: published(module) } },
          ]);
      }

      manifest.modules = [entryModule, ...defining, ...modules.filter((m) => m !== entryModule && !defining.includes(m) && m.declarations?.length)];
      for (const m of manifest.modules) {
        m.path = published(m.path);
        for (const e of m.exports ?? []) {
          if (e.declaration.module) e.declaration.module = published(e.declaration.module);
        }
      }
      manifest.readme = 'README.md';
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  // The framework wrappers are not custom elements; their typings only confuse the analyzer.
  exclude: ['src/frameworks/**'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself (`customElements`); the analyzer need not rewrite it.
  packagejson: false,
  plugins: [
    publicApiPlugin(),
    // After publicApiPlugin, so only the public elements and members reach the editor data.
    customElementVsCodePlugin({
      outdir: '.',
      htmlFileName: 'vscode.html-custom-data.json',
      cssFileName: 'vscode.css-custom-data.json',
      hideLogs: true,
    }),
  ],
};
