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

// `npm start`: the demo on http://localhost:5173, the stand-in hub on http://127.0.0.1:5173.
// `npm run build`: dist/dialog-onboarding.js, one ES module with Lit inside, for a plain <script type="module">.
export default defineConfig({
  plugins: [standInPlugin()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'dialog-onboarding.js' },
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    target: 'es2022',
  },
});
