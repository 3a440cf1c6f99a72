// @ts-check
/**
 * Bytes over the wire, as gzip -9 (node:zlib, level 9) and raw:
 *   - `standalone`: dist/dialog-onboarding.js as built (Lit inside, minified):
 *     what a CDN user loads, and about what an app without Lit pays;
 *   - `own`: our own code alone, Lit external: esbuild bundle of src/index.ts, minified, esm,
 *     es2022: what an app that already has Lit pays for us;
 *   - `ownButton`, `ownCallback`: the same for the one-element entries (`dialog-onboarding/button`
 *     for pages that start the flow, `dialog-onboarding/callback` for the redirect page);
 *   - `official`: 360dialog's own `360dialog-connect-button` UMD bundle as shipped (its CDN file).
 * dist/ must exist (`npm run build`); src/ is bundled here, in memory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

export const STANDALONE_PATH = `${root}dist/dialog-onboarding.js`;
export const OFFICIAL_PATH = require.resolve('360dialog-connect-button/dist/dialog-connect-button.umd.js');

/** @typedef {{ gzip: number, raw: number }} Size */

/** @param {Uint8Array | string} bytes @returns {Size} */
export function sizeOf(bytes) {
  const buffer = typeof bytes == 'string' ? Buffer.from(bytes) : bytes;
  return { gzip: gzipSync(buffer, { level: 9 }).length, raw: buffer.length };
}

/**
 * Our own code, Lit left out: minified ES module, as `own` is measured.
 * @param {string} [entry] a module of src/ (default: the package's entry)
 * @param {string[]} [tags] the elements the entry must register: a bundle that lost its
 *   registration to tree shaking (a module missing from package.json's "sideEffects") would
 *   measure small and do nothing
 */
export async function bundleOwn(entry = 'index.ts', tags = ['dialog-onboarding-button', 'dialog-onboarding-callback']) {
  const result = await build({
    entryPoints: [`${root}src/${entry}`],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    external: ['lit', 'lit/*', '@lit/*'],
    write: false,
    logLevel: 'silent',
  });
  const { contents, text } = result.outputFiles[0];
  for (const tag of tags) {
    if (!text.includes(`"${tag}"`)) throw new Error(`sizes: the bundle of src/${entry} does not register <${tag}>; is it in package.json's "sideEffects"?`);
  }
  return contents;
}

/** @returns {Promise<{ standalone: Size, own: Size, ownButton: Size, ownCallback: Size, official: Size }>} */
export async function measureSizes() {
  return {
    standalone: sizeOf(readFileSync(STANDALONE_PATH)),
    own: sizeOf(await bundleOwn()),
    ownButton: sizeOf(await bundleOwn('button.ts', ['dialog-onboarding-button'])),
    ownCallback: sizeOf(await bundleOwn('callback.ts', ['dialog-onboarding-callback'])),
    official: sizeOf(readFileSync(OFFICIAL_PATH)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, { gzip, raw }] of Object.entries(await measureSizes())) console.log(`${name.padEnd(10)} ${gzip} B gzip -9, ${raw} B raw`);
}
