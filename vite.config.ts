import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import { standIn } from './demo/stand-in-server.mjs';

/** Mounts the stand-in hub and demo backend on the dev server (npm start). */
function standInPlugin(): Plugin {
  return {
    name: 'dialog-onboarding-stand-in',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        standIn(req, res).then((answered) => answered || next(), next);
      });
    },
  };
}

/**
 * Vite leaves an ES library's identifiers unminified (to keep it tree-shakable); the
 * standalone file is an end product, so it is minified whole: about 900 B less gzip.
 */
function minifyStandalone(): Plugin {
  return {
    name: 'dialog-onboarding-minify-standalone',
    apply: 'build',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = (await transform(chunk.code, { minify: true, format: 'esm', target: 'es2022' })).code;
      }
    },
  };
}

// `npm start`: the demo on http://localhost:5173, the stand-in hub on http://127.0.0.1:5173.
// `npm run build`: dist/dialog-onboarding.js, one ES module with Lit's ReactiveElement inside, for a plain <script type="module">.
export default defineConfig({
  plugins: [standInPlugin(), minifyStandalone()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'dialog-onboarding.js' },
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    target: 'es2022',
  },
});
