/**
 * A session's lifecycle through the service, on the manual clock: running or exited, watched or
 * not, every session is reaped once nobody has watched it for the grace; a reload within the grace
 * finds it; dispose leaves nothing. Real PTYs; time moves only when the test says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manualClock';
import { BASH, Harness, StreamRecorder, processState, waitFor } from '../helpers/serviceHarness';

const GRACE = 30_000;
let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

function setup() {
  const clock = new ManualClock();
  harness = new Harness({ clock, orphanGraceMs: GRACE });
  return clock;
}

/**
 * Waits for `condition` while moving the manual clock on in small steps, so that the broadcaster's
 * batching (5 ms windows) goes on — far below any grace in these tests.
 */
async function waitWithClock(clock: ManualClock, condition: () => boolean, what: string): Promise<void> {
  await waitFor(() => {
    clock.advance(5);
    return condition();
  }, what);
}

const listed = async (client: { list(): Promise<{ session: number }[]> }): Promise<number[]> =>
  (await client.list()).map((info) => info.session);

describe('session lifecycle', () => {
  it('a session created and never attached is ended after the grace, and removed', async () => {
    const clock = setup();
    const { client } = harness.client();
    const { session } = await client.create({ shell: BASH, args: ['--norc'] });
    const [info] = await client.list();
    clock.advance(GRACE - 1);
    expect(await listed(client)).toEqual([session]);
    clock.advance(1); // the grace is over: SIGHUP, and once the shell has exited, it is gone
    await waitFor(() => processState(info?.pid ?? 0) === '', 'the shell to end');
    await waitFor(() => harness.service.list().length === 0, 'the session to be removed');
  });

  it('a window that goes away leaves its sessions for the grace; a reload within it finds them', async () => {
    const clock = setup();
    const first = harness.client();
    const { session: kept } = await first.client.create({ shell: BASH, args: ['--norc'] });
    const { session: dropped } = await first.client.create({ shell: BASH, args: ['--norc'] });
    await first.client.attach(kept);
    await first.client.attach(dropped);
    first.close(); // the window reloads (or closes)
    clock.advance(GRACE / 2);
    const second = harness.client();
    await second.client.attach(kept); // the reloaded window takes one of them back
    clock.advance(GRACE / 2);
    await waitFor(() => harness.service.list().length === 1, 'the dropped session to go');
    clock.advance(GRACE * 10);
    const sessions = await second.client.list();
    expect(sessions.map((info) => info.session)).toEqual([kept]);
    expect(sessions[0]?.exited).toBeNull();
  });

  it('an exited session stays while watched (it shows its exit), and is reaped a grace after the last window left', async () => {
    const clock = setup();
    const { client, close } = harness.client();
    const { session } = await client.create({ shell: BASH, args: ['-c', 'exit 3'] });
    const stream = new StreamRecorder(client, session);
    await client.attach(session);
    await waitWithClock(clock, () => stream.exit !== undefined, 'the exit');
    clock.advance(GRACE * 10);
    const [info] = await client.list();
    expect(info?.exited).toEqual({ exitCode: 3, signal: null });
    close();
    expect(harness.service.list()).toHaveLength(1);
    clock.advance(GRACE - 1);
    expect(harness.service.list()).toHaveLength(1);
    clock.advance(1);
    expect(harness.service.list()).toHaveLength(0); // no process to wait for: reaped at once
  });

  it('a session the user closed goes as soon as its program has exited and nobody watches', async () => {
    const clock = setup();
    const a = harness.client();
    const b = harness.client();
    const { session } = await a.client.create({ shell: BASH, args: ['--norc'] });
    const streamB = new StreamRecorder(b.client, session);
    await a.client.attach(session);
    await b.client.attach(session);
    await a.client.kill(session);
    await waitWithClock(clock, () => streamB.exit !== undefined, 'the other window to see the exit');
    await a.client.detach(session);
    expect(await listed(b.client)).toEqual([session]);
    await b.client.detach(session);
    expect(await listed(b.client)).toEqual([]);
  });

  it('dispose ends every session, watched or not, and leaves no process', async () => {
    setup();
    const { client } = harness.client();
    await client.create({ shell: BASH, args: ['--norc'] });
    const { session } = await client.create({ shell: BASH, args: ['-c', 'trap "" HUP; sleep 1000'] });
    await client.attach(session);
    const pids = (await client.list()).map((info) => info.pid);
    await harness.service.dispose();
    for (const pid of pids) expect(['', 'Z']).toContain(processState(pid));
  });
});
