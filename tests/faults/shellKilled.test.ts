/**
 * Fault: the program is killed (SIGKILL, the OOM killer) while it floods.
 *
 * What the user sees: the tab shows every line the program wrote before it died, in order, then
 * "process exited"; the session's list entry says signal 9; a window that opens the session later
 * sees the same last screen; the other tabs never notice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BASH, Harness, StreamRecorder, lines, waitFor } from '../helpers/serviceHarness';

let harness: Harness;
afterEach(async () => {
  await harness.dispose();
});

/** Every line is the next number: nothing lost, repeated or garbled before the kill. */
function expectConsecutive(numbers: string[]): number {
  numbers.forEach((line, i) => expect(line, `line ${i + 1}`).toBe(String(i + 1)));
  return numbers.length;
}

describe('fault: the shell killed mid-output', () => {
  it('delivers every line written before the kill, then the exit; the other session carries on', async () => {
    harness = new Harness();
    const { client } = harness.client();
    const { session: flood } = await client.create({ shell: BASH, args: ['-c', 'read -r; exec seq 1 100000000'] });
    const { session: other } = await client.create({ shell: '/bin/cat', args: [] });
    const stream = new StreamRecorder(client, flood);
    const echo = new StreamRecorder(client, other);
    await client.attach(flood);
    await client.attach(other);
    client.write(flood, 'go\r');
    await waitFor(() => stream.text.length > 1_000_000, 'the flood to be under way');

    const pid = (await client.list()).find((info) => info.session === flood)?.pid ?? 0;
    process.kill(pid, 'SIGKILL');
    await stream.exited();
    expect(stream.exit).toEqual({ exitCode: 0, signal: 9 });

    // Output up to the kill, in order; the last line may be cut where the kill fell.
    const numbers = lines(stream.text)
      .slice(0, -1)
      .filter((line) => line !== '' && line !== 'go');
    expect(expectConsecutive(numbers)).toBeGreaterThan(100_000);
    expect((await client.list()).find((info) => info.session === flood)?.exited).toEqual({ exitCode: 0, signal: 9 });

    // A window that opens the dead session now sees its last screen: the same last lines.
    const late = harness.client();
    const lateStream = new StreamRecorder(late.client, flood);
    await late.client.attach(flood);
    await lateStream.exited();
    const lastComplete = numbers.at(-1) ?? '';
    expect(lateStream.snapshot).toContain(`\r\n${lastComplete}\r\n`);

    // The other session never noticed.
    client.write(other, 'still-here\r');
    await waitFor(() => echo.text.includes('still-here'), 'the other session to echo');
  });
});
