/**
 * Builds the browser bench's pages with Vite from node_modules, at bench time: Sluice's renderer
 * (`electron-vite build`, into out/renderer, so the page measured is the current source), and
 * into out/bench (ignored by git) the bare page (bench/bare/page) and the probe both pages get
 * (bench/probe/pageProbe.ts, one classic script for `addInitScript`). No network.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export interface BenchPages {
  /** The bare page's directory, for the bare server's `--static`. */
  readonly bareDir: string;
  /** The probe, one self-contained script. */
  readonly probeScript: string;
}

export async function buildBenchPages(): Promise<BenchPages> {
  execFileSync(here('../node_modules/.bin/electron-vite'), ['build'], { stdio: 'ignore' });
  const bareDir = here('../out/bench/bare');
  const probeDir = here('../out/bench/probe');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here('./bare/page'),
    // Relative asset URLs: the bare server serves the directory as it is.
    base: './',
    // Not minified, as electron-vite leaves Sluice's renderer: the same code shape on both sides,
    // and profiles that name functions and modules.
    build: { outDir: bareDir, emptyOutDir: true, minify: false },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: probeDir,
      emptyOutDir: true,
      // Readable in a performance trace; a few KiB either way.
      minify: false,
      lib: { entry: here('./probe/pageProbe.ts'), formats: ['iife'], name: 'benchProbe', fileName: () => 'probe.js' },
    },
  });
  return { bareDir, probeScript: `${probeDir}/probe.js` };
}
