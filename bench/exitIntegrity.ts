/**
 * Exit integrity: how many bytes of a fast-exiting program's output reach the data listener before
 * the exit event, through our `spawnPty` and through node-pty's own reader, on the same command.
 * See docs/pty-exit-loss.md. Importing this file runs nothing.
 */
import { tmpdir } from 'node:os';
import { spawnPty, spawnUnpatchedNodePty } from '../src/main/pty/nodePty';
import type { Pty, PtySpawnOptions } from '../src/main/pty/pty';

/**
 * The reproduction from microsoft/node-pty #72/#85: 5 MB through a pipe whose last writer exits
 * right after its last write. Only 'x' and no newline, so characters = bytes and ONLCR adds none.
 */
const BURST_BYTES = 5_000_000;
const BURST_COMMAND = `head -c ${BURST_BYTES} /dev/zero | tr '\\0' x`;

export interface ExitIntegrity {
  readonly runs: number;
  /** Runs of our `spawnPty` that delivered fewer bytes than written before `onExit`. */
  readonly lossyRuns: number;
  readonly bytesLost: number;
  /** The same for node-pty's own `spawn`, run alternately with ours. */
  readonly rawNodePty: { readonly lossyRuns: number; readonly bytesLost: number };
}

function burstOptions(): PtySpawnOptions {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  return { shell: 'bash', args: ['-c', BURST_COMMAND], cwd: tmpdir(), env, cols: 80, rows: 24 };
}

/** Bytes received before the exit event. */
function receivedBeforeExit(pty: Pty): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    pty.onData((data) => {
      received += data.length;
    });
    pty.onExit(() => resolve(received));
  });
}

/** Runs the burst `runs` times through each implementation, one run at a time, alternating. */
export async function measureExitIntegrity(runs: number): Promise<ExitIntegrity> {
  const ours = { lossyRuns: 0, bytesLost: 0 };
  const raw = { lossyRuns: 0, bytesLost: 0 };
  for (let i = 0; i < runs; i++) {
    for (const [spawn, tally] of [
      [spawnPty, ours],
      [spawnUnpatchedNodePty, raw],
    ] as const) {
      const lost = BURST_BYTES - (await receivedBeforeExit(spawn(burstOptions())));
      if (lost !== 0) tally.lossyRuns++;
      tally.bytesLost += lost;
    }
  }
  return { runs, lossyRuns: ours.lossyRuns, bytesLost: ours.bytesLost, rawNodePty: raw };
}
