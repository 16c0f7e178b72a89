/**
 * Starts the browser bench's two servers as child processes — Sluice's web mode
 * (bench/sluiceServer.ts) and the bare pipeline (bench/bare/server.ts) — so that each one's CPU
 * time and RSS are its own. Each gets a fresh HOME and `SHELL=/bin/bash`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/** tsx compiles the server on start; on a busy 2-core machine that alone can take several seconds. */
const START_TIMEOUT_MS = 60_000;
/** A server ends its sessions on SIGTERM; after this long it is killed outright. */
const STOP_TIMEOUT_MS = 10_000;
const URL_LINE = /^(?:sluice|bare): (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;
const MIRROR_LINE = /^bench: mirror worker thread (\d+)$/m;

export async function startServer(side: Side, options: ServerOptions): Promise<BenchServer> {
  // A home of its own: the shell starts from the system's defaults, not the machine owner's
  // ~/.bashrc (which may run anything; see tests/ui/fixtures/webServer.ts).
  const home = mkdtempSync(path.join(tmpdir(), `sluice-bench-${side}-home-`));
  const script = side === 'sluice' ? ['bench/sluiceServer.ts'] : ['bench/bare/server.ts', '--static', options.bareDir];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', ...script], {
    env: { ...process.env, HOME: home, SHELL: '/bin/bash' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let mirrorTid: number | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const found = MIRROR_LINE.exec(stderr);
    if (found) mirrorTid = Number(found[1]);
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
    mirrorTid: () => mirrorTid,
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
