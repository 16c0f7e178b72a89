/**
 * Fault: the mirror worker dies (an out-of-memory, a native crash) in the middle of a flood. The
 * fixture runs the real worker and ends its thread at the Nth batch of output.
 *
 * What the user sees: the flooding tab goes on to the last line; the failure is logged once. A
 * window that opens that session afterwards is told it has no screen copy and shows live output
 * from an empty screen; new sessions get a new worker and behave as always.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type SluiceClient } from '../../src/shared/client';
import type { ErrorEvent } from '../../src/shared/protocol';
import { BASH, Harness, StreamRecorder, lines, waitFor } from '../helpers/serviceHarness';

let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

const FIXTURE = new URL('../fixtures/mirrorWorkerDiesMidFlood.mjs', import.meta.url);
const MIRROR_WORKER = new URL('../../src/main/mirror/mirrorWorker.ts', import.meta.url);
/** Far into a 2.4 MB flood (batches are up to 64 KiB), yet well before its end. */
const DIE_AFTER_WRITES = 40;

function errors(client: SluiceClient): ErrorEvent[] {
  const seen: ErrorEvent[] = [];
  client.on('error', (event) => seen.push(event));
  return seen;
}

describe('fault: the mirror worker killed mid-flood', () => {
  it('the flood completes, nothing lost; a later attach is told; new sessions work', async () => {
    const failures: Error[] = [];
    harness = new Harness({
      mirror: {
        worker: { file: FIXTURE, workerData: { entry: MIRROR_WORKER.href, dieAfterWrites: DIE_AFTER_WRITES } },
        onError: (error) => failures.push(error),
      },
    });
    const { client } = harness.client();
    const { session } = await client.create({ shell: BASH, args: ['-c', 'read -r; seq 1 400000'] });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    client.write(session, 'go\r');
    await stream.exited();

    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/exited with code 7/);
    const numbers = lines(stream.text).filter((line) => /^\d+$/.test(line));
    expect(numbers).toHaveLength(400_000);
    numbers.forEach((line, i) => {
      if (line !== String(i + 1)) expect(line, `line ${i + 1}`).toBe(String(i + 1));
    });

    // A window opened on that session now: told why, then shown what comes from now on.
    const late = harness.client();
    const told = errors(late.client);
    const lateStream = new StreamRecorder(late.client, session);
    await late.client.attach(session);
    await waitFor(() => told.length > 0, 'the notice');
    expect(told[0]?.message).toMatch(new RegExp(`session ${session} has no screen copy .*showing live output only`));
    expect(lateStream.snapshot).toBe('');
    await lateStream.exited();

    // A new session lands on a new worker: its snapshot is whole again.
    const { session: fresh } = await client.create({ shell: BASH, args: ['-c', 'echo fresh-$((6*7)); read -r'] });
    const freshStream = new StreamRecorder(client, fresh);
    await client.attach(fresh);
    await waitFor(() => (freshStream.snapshot + freshStream.text).includes('fresh-42'), 'the new session');
    const again = harness.client();
    const againStream = new StreamRecorder(again.client, fresh);
    await again.client.attach(fresh);
    expect(againStream.snapshot).toContain('fresh-42');
  });
});
