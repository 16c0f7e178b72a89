/**
 * Which socket a send closes, if any (src/main/web/bufferBudget.ts): an example table over plain
 * objects. Budgets of 100 bytes per socket and 250 in all, so the numbers read at a glance.
 */
import { describe, expect, it } from 'vitest';
import { checkBudget, KEEPING_UP_BYTES } from '../../src/main/web/bufferBudget';

const limits = { socketBufferBytes: 100, bufferedBytes: 250 };
const socket = (name: string, bufferedAmount: number) => ({ name, bufferedAmount });

describe('checkBudget', () => {
  it.each([
    // [what, the sender's queue, the others' queues, the verdict]
    ['a sender within its budget, the total within its own', 60, [50, 40], undefined],
    ['a sender keeping up (under a quarter of its budget) is not the one to walk the total', 20, [200, 100], undefined],
    ['a sender at exactly its budget', 100, [], undefined],
    ['a sender over its budget: it goes, whoever else is stalled', 101, [300], 'sender/socket'],
    ['the total over: the socket holding the most goes', 90, [99, 70], 'other0/total'],
    ['the total over, the sender holding the most', 95, [90, 70], 'sender/total'],
    ['the total exactly at its budget', 90, [90, 70], undefined],
  ] as const)('%s', (_what, mine, others, verdict) => {
    const sender = socket('sender', mine);
    const all = [sender, ...others.map((amount, i) => socket(`other${i}`, amount))];
    const result = checkBudget(sender, all, limits);
    expect(result.close ? `${result.socket.name}/${result.reason}` : undefined).toBe(verdict);
  });

  it('skips the walk over every socket for a sender that keeps up', () => {
    const sender = socket('sender', KEEPING_UP_BYTES - 1);
    const stalled = socket('stalled', 10 * KEEPING_UP_BYTES);
    const big = { socketBufferBytes: 100 * KEEPING_UP_BYTES, bufferedBytes: 2 * KEEPING_UP_BYTES };
    expect(checkBudget(sender, [sender, stalled], big).close).toBe(false);
    // The stalled socket's own next send finds the total over, and closes itself.
    expect(checkBudget(stalled, [sender, stalled], big)).toMatchObject({
      close: true,
      socket: stalled,
      reason: 'total',
    });
  });
});
