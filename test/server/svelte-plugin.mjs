// @ts-check
/**
 * Compiles `.svelte` files for the browser as the test server serves them,
 * so the Svelte app in test/frameworks runs without a build step.
 */
import { compile } from 'svelte/compiler';

export function sveltePlugin() {
  return {
    name: 'svelte',
    /** @param {{ path: string }} context */
    resolveMimeType(context) {
      if (context.path.endsWith('.svelte')) return 'js';
      return undefined;
    },
    /** @param {{ path: string, body: unknown }} context */
    transform(context) {
      if (!context.path.endsWith('.svelte')) return undefined;
      const { js } = compile(String(context.body), { filename: context.path, generate: 'client', customElement: false });
      return { body: js.code };
    },
  };
}
