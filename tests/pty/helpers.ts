/** What the PTY tests share: a spawn with test defaults, a collector, and bounded polls. */
import { tmpdir } from 'node:os';
import { spawnPty } from '../../src/main/pty/nodePty';
import type { Pty, PtyExit, PtySpawnOptions } from '../../src/main/pty/pty';

export const ENV: Record<string, string> = Object.fromEntries(
  Object.entries({ ...process.env, TERM: 'xterm-256color' }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  ),
);

/** bash with `command` (or an interactive bash without one), in the temp dir, 80×24. */
export function spawn(options: Partial<PtySpawnOptions> & { command?: string } = {}): Pty {
  const { command, ...rest } = options;
  return spawnPty({
    shell: 'bash',
    args: command === undefined ? [] : ['-c', command],
    cwd: tmpdir(),
    env: ENV,
    cols: 80,
    rows: 24,
    ...rest,
  });
}

export interface Run {
  readonly chunks: string[];
  readonly text: string;
  readonly exit: PtyExit;
  /** Every event in order; the exit must be the last one and appear once. */
  readonly log: ('data' | 'exit')[];
}

/** Collects everything until exit. `onChunk` runs after each chunk is recorded. */
export function collect(pty: Pty, onChunk?: (chunk: string) => void): Promise<Run> {
  const chunks: string[] = [];
  const log: ('data' | 'exit')[] = [];
  return new Promise((resolve) => {
    pty.onData((chunk) => {
      chunks.push(chunk);
      log.push('data');
      onChunk?.(chunk);
    });
    pty.onExit((exit) => {
      log.push('exit');
      resolve({ chunks, text: chunks.join(''), exit, log });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `condition` holds (a kernel state we cannot be notified of), for at most 20 s. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
