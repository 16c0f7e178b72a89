/**
 * Starts the browser bench's two servers as child processes — Sluice's web mode as `npm run serve`
 * runs it (the bundle, out/main/serve.js) and the bare pipeline (bench/bare/server.ts, bundled the
 * same way) — so that each one's CPU time and RSS are its own, and neither carries a TypeScript
 * compiler (tsx alone adds ~35 MiB to a Node process). Each gets a fresh HOME and `SHELL=/bin/bash`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

export type Side = 'sluice' | 'bare';

export interface BenchServer {
  readonly side: Side;
  /** The page to open (Sluice's includes its token). */
  readonly url: string;
  readonly pid: number;
  /** Sluice's mirror worker thread, once the first session has started it. */
  mirrorTid(): number | undefined;
  /** SIGTERM (the server ends its sessions and exits), then SIGKILL if it lingers. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The bare page's directory (bench/pageBuild.ts). */
  readonly bareDir: string;
}

/** A bundle starts in well under a second; a busy 2-core machine can make that several. */
const START_TIMEOUT_MS = 60_000;
/** A server ends its sessions on SIGTERM; after this long it is killed outright. */
const STOP_TIMEOUT_MS = 10_000;
const URL_LINE = /^(?:Sluice web mode|bare): (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
/** The name the mirror worker gives its thread (src/main/mirror/mirrorWorker.ts). */
const MIRROR_THREAD = 'sluice-mirror';

/** Bundles the bare server once per run, like Sluice's: node-pty and ws stay in node_modules. */
let bareBundle: string | undefined;
function bundleBare(): string {
  if (bareBundle) return bareBundle;
  // Inside the repository, so that Node resolves node-pty and ws from its node_modules (ESM
  // imports ignore NODE_PATH).
  const outfile = path.resolve('bench/results/bare-server.mjs');
  buildSync({
    entryPoints: ['bench/bare/server.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['node-pty', 'ws'],
    outfile,
  });
  bareBundle = outfile;
  return outfile;
}

/** The thread of `pid` named `name`, from /proc (undefined until it exists). */
function threadNamed(pid: number, name: string): number | undefined {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === name) return Number(tid);
    }
  } catch {
    // The process is gone.
  }
  return undefined;
}

export async function startServer(side: Side, options: ServerOptions): Promise<BenchServer> {
  // A home of its own: the shell starts from the system's defaults, not the machine owner's
  // ~/.bashrc (which may run anything; see tests/ui/fixtures/webServer.ts).
  const home = mkdtempSync(path.join(tmpdir(), `sluice-bench-${side}-home-`));
  const script = side === 'sluice' ? ['out/main/serve.js', '--port', '0'] : [bundleBare(), '--static', options.bareDir];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...script], {
    env: { ...process.env, HOME: home, SHELL: '/bin/bash' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let mirrorTid: number | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${side} server did not start: ${stderr}`)), START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = URL_LINE.exec(stdout);
      if (!found?.[1]) return;
      clearTimeout(timer);
      resolve(found[1]);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${side} server exited (${code}) before it listened: ${stderr}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${side} server has no pid`);
  return {
    side,
    url,
    pid,
    mirrorTid: () => {
      if (side === 'sluice') mirrorTid ??= threadNamed(pid, MIRROR_THREAD);
      return mirrorTid;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
