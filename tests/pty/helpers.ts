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

/** How often `until` looks, and for how long in all: a bound for a slow machine, not a timing. */
const POLL_INTERVAL_MS = 10;
const POLL_LIMIT = 2000;

/**
 * Polls until `condition` holds (a kernel state we cannot be notified of), for at most 20 s. The
 * only way these tests wait: for a state to be reached, never for time to pass.
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < POLL_LIMIT; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
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
