import { describe, expect, it } from 'vitest';
import { ACK_CHARS, SessionAcks } from '../../src/shared/acks';

/** Lets the current task end: every queued microtask (the caught-up acks) runs first. */
const endOfTask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `steps` on the acks of one session and returns what it sent, with `|` where a task ended:
 * `r` a message arrived; `p` one was processed (`p500`: one of 500 characters); `a2` the
 * application acked 2 by hand; `t5` the threshold became 5 (and the client re-checked, as
 * `setAckThreshold` does); `s` the subscription stopped; `|` the task ended. Every run ends a task.
 */
async function run(threshold: number, steps: string): Promise<{ sent: string; unacknowledged: number }> {
  let current = threshold;
  const log: string[] = [];
  const acks = new SessionAcks(
    (count) => log.push(String(count)),
    () => current,
  );
  for (const step of `${steps} |`.split(' ')) {
    const n = Number(step.slice(1));
    if (step === 'r') acks.received();
    else if (step.startsWith('p')) acks.processed(step === 'p' ? 1 : n);
    else if (step.startsWith('a')) acks.acknowledged(n);
    else if (step.startsWith('t')) {
      current = n;
      acks.check();
    } else if (step === 's') acks.stop();
    else if (step === '|') {
      log.push('|');
      await endOfTask();
    } else throw new Error(`unknown step ${step}`);
  }
  return { sent: log.join(' '), unacknowledged: acks.unacknowledged };
}

describe('SessionAcks', () => {
  it('counts 64 KiB of characters as enough to ack', () => {
    expect(ACK_CHARS).toBe(65536);
  });

  const table: Array<[number, string, string, number]> = [
    // threshold, steps, acks sent (| where a task ended), unacknowledged after
    [3, 'r r r r r p p p p p', '3 | 2', 0], // every 3, and the rest once caught up
    [3, 'r r r p p p', '3 |', 0], // at the threshold at once, nothing left over
    [100, 'r r p p', '| 2', 0], // caught up: one ack for the burst, at the end of the task
    [100, 'r p r p', '| 2', 0], // caught up twice in one task: still one ack
    [100, 'r p | r p', '| 1 | 1', 0], // caught up in two tasks: one ack each
    [100, 'r r p', '|', 2], // one message still to process: no ack yet
    [100, `r r r p${ACK_CHARS - 1} p1`, '2 |', 1], // 64 KiB processed: ack now, caught up or not
    [100, `r r r p${ACK_CHARS - 2} p1`, '|', 3], // one character short of it: not yet
    [100, `r r r p${ACK_CHARS - 1} a1 p1`, '|', 2], // an ack by hand starts the characters afresh
    [100, 'r r p p a2', '|', 0], // acked by hand before the task ended: nothing left to ack
    [100, `r r a1 p${ACK_CHARS}`, '|', 1], // acked ahead by hand: never an ack of 0 or less
    [0, 'r r r p p p', '|', 3], // threshold 0: the application acks
    [0, 'r r r p p p t2', '3 |', 0], // auto-ack turned on: what is due goes at once
    [0, 'r r p p t100', '| 2', 0], // … or at the end of the task, once caught up
    [100, 'r r p p t0', '|', 2], // auto-ack turned off before the task ended: no ack
    [100, 'r r p p s', '|', 2], // stopped before the task ended: no ack
    [3, 'r r r p p s p t1', '|', 3], // stopped: nothing processed or re-checked afterwards acks
  ];
  it.each(table)('threshold %i, %s: sends "%s", leaves %i unacknowledged', async (threshold, steps, sent, left) => {
    expect(await run(threshold, steps)).toEqual({ sent, unacknowledged: left });
  });

  it('the ack gathered at the end of a task is for the burst that caught up, not for a later one still behind', async () => {
    const sent: number[] = [];
    const acks = new SessionAcks(
      (count) => sent.push(count),
      () => 100,
    );
    acks.received();
    acks.processed(1); // caught up: an ack is gathered for the end of the task
    void Promise.resolve().then(() => {
      // Before the task ends two more arrive and one of them is processed: behind again.
      acks.received();
      acks.received();
      acks.processed(1);
    });
    acks.received();
    acks.processed(1); // caught up again: the same gathered ack covers it
    await endOfTask();
    expect(sent).toEqual([2]);
    expect(acks.unacknowledged).toBe(2);
  });
});
