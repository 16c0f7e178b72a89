import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Writes out/main/package.json saying `"type": "module"`. The main bundles are ESM `.js` files;
 * in a packaged app the mirror worker runs from app.asar.unpacked, where the root package.json
 * (inside the asar) is not its nearest one, and without this marker Node would load it as
 * CommonJS. It is unpacked next to the worker (electron-builder.yml).
 */
function esmPackageMarker(): Plugin {
  return {
    name: 'sluice:esm-package-marker',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'package.json', source: '{ "type": "module" }\n' });
    },
  };
}

// electron-vite 6 on Vite 8 (Rolldown) reads `build.rolldownOptions`: its presets overwrite
// `rollupOptions` with it, so inputs and outputs given as `rollupOptions` would be dropped.
export default defineConfig({
  main: {
    plugins: [esmPackageMarker()],
    // Resolve packages as Node would at run time (`main`, CommonJS): the worker default-imports
    // the CommonJS xterm packages, and their `module` builds have no default export.
    // (main is built as Vite's SSR environment, which resolves with `ssr.resolve`.)
    ssr: { resolve: { mainFields: ['main'] } },
    build: {
      // Runtime dependencies stay in node_modules (node-pty is native and must never be bundled),
      // except the mirror worker's: it runs from app.asar.unpacked in a packaged app (see
      // src/main/desktop/asarPath.ts), where node_modules inside the asar is out of reach, so it
      // carries @xterm/headless and the Unicode 11 width table in its own bundle.
      externalizeDeps: { exclude: ['@xterm/headless', '@xterm/addon-unicode11'] },
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The mirror worker is its own entry: main starts it from beside index.js.
          mirrorWorker: resolve(import.meta.dirname, 'src/main/mirror/mirrorWorker.ts'),
          // Web mode (`npm run serve`), run by plain Node from the bundle: no TypeScript compiler
          // in the process (tsx alone costs ~35 MiB of RSS in the server and again in its worker).
          serve: resolve(import.meta.dirname, 'src/main/web/serve.ts'),
        },
        // package.json says "type": "module", so electron-vite emits ESM (`import.meta.url` is
        // native); say so here too, so a change there cannot silently turn main into CommonJS.
        // Shared chunks sit beside the entries, not in chunks/: mirrorPool.ts finds the worker
        // as `./mirrorWorker.js` next to whichever file it was bundled into.
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can `require` only `electron` (and a few Node shims): everything it
      // uses must be inside its one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot `import`: it must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
