/**
 * Builds the browser bench's page code with Vite from node_modules, at bench time, into out/bench
 * (ignored by git): the bare page (bench/bare/page) and the probe both pages get
 * (bench/probe/pageProbe.ts, one classic script for `addInitScript`). No network.
 */
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export interface BenchPages {
  /** The bare page's directory, for the bare server's `--static`. */
  readonly bareDir: string;
  /** The probe, one self-contained script. */
  readonly probeScript: string;
}

export async function buildBenchPages(): Promise<BenchPages> {
  const bareDir = here('../out/bench/bare');
  const probeDir = here('../out/bench/probe');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here('./bare/page'),
    // Relative asset URLs: the bare server serves the directory as it is.
    base: './',
    build: { outDir: bareDir, emptyOutDir: true },
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
