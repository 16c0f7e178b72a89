import { describe, expect, it } from 'vitest';
import {
  FIRST_SLICE,
  MAX_SLICE,
  MIN_SLICE,
  MirrorScheduler,
  SLICE_TARGET_MS,
  TURN_MS,
  nextSliceSize,
} from '../../src/main/mirror/mirrorScheduler';

/**
 * A scheduler whose parse "takes" `costPerUnit[session]` ms per UTF-16 unit on a manual clock, and
 * whose deferred turns run only when `turn()` is called: the order of slices is asserted exactly.
 */
function setup(costPerUnit: Record<number, number>) {
  let now = 0;
  const deferred: Array<() => void> = [];
  const log: string[] = [];
  const scheduler = new MirrorScheduler({
    now: () => now,
    defer: (callback) => deferred.push(callback),
    parse: (session, data) => {
      log.push(`${session}:${data.length}`);
      now += data.length * (costPerUnit[session] ?? 0);
    },
    parsed: (session, bytes) => log.push(`${session} parsed ${bytes}`),
  });
  const turn = (): void => {
    const callbacks = deferred.splice(0);
    for (const callback of callbacks) callback();
  };
  return { scheduler, log, turn, deferred, advance: (ms: number) => (now += ms) };
}

describe('MirrorScheduler', () => {
  it('parses each session in stream order and reports each write once it is whole', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'a'.repeat(10), 12);
    t.scheduler.write(1, 'b'.repeat(5), 5);
    expect(t.log).toEqual([]); // nothing before the deferred turn
    t.turn();
    expect(t.log).toEqual(['1:10', '1 parsed 12', '1:5', '1 parsed 5']);
    expect(t.deferred).toEqual([]);
  });

  it('runs an action after everything queued before it, and before what comes after', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'x', 1);
    t.scheduler.action(1, () => t.log.push('snapshot'));
    t.scheduler.write(1, 'y', 1);
    t.turn();
    expect(t.log).toEqual(['1:1', '1 parsed 1', 'snapshot', '1:1', '1 parsed 1']);
  });

  it('an expensive session gets one slice per round: the cheap one is not held behind it', () => {
    // Session 1 costs 1 ms per unit (a REP storm); session 2 is plain text.
    const t = setup({ 1: 1, 2: 0.000_01 });
    t.scheduler.add(1);
    t.scheduler.add(2);
    t.scheduler.write(1, 'r'.repeat(100_000), 100_000);
    t.scheduler.write(2, 'p'.repeat(3000), 3000);
    t.turn();
    t.turn();
    // 1 gets its first (small) slice, which uses up the turn; the next turn starts with 2's: 2 waits
    // FIRST_SLICE ms of session 1's parse, not its 100 s backlog.
    expect(t.log[0]).toBe(`1:${FIRST_SLICE}`);
    expect(t.log[1]).toBe(`2:${FIRST_SLICE}`);
    // Session 1's slices shrink to the target duration; 2's are done within the first turns.
    for (let i = 0; i < 20; i++) t.turn();
    const slicesOf1 = t.log.filter((line) => line.startsWith('1:')).map((line) => Number(line.slice(2)));
    expect(slicesOf1.slice(1).every((size) => size <= Math.max(MIN_SLICE, SLICE_TARGET_MS))).toBe(true);
    expect(t.log).toContain('2 parsed 3000');
    expect(t.scheduler.backlog(1)).toBeGreaterThan(0);
    expect(t.scheduler.backlog(2)).toBe(0);
  });

  it('yields after a turn of TURN_MS, so new messages are taken between turns', () => {
    const t = setup({ 1: 0.01 }); // 100 units per ms
    t.scheduler.add(1);
    t.scheduler.write(1, 'z'.repeat(1_000_000), 1_000_000);
    t.turn();
    const parsedFirstTurn = t.log.reduce((sum, line) => sum + Number(line.split(':')[1] ?? 0), 0);
    // At 100 units/ms, one turn covers about TURN_MS ms of work (plus at most one slice).
    expect(parsedFirstTurn).toBeLessThanOrEqual(TURN_MS * 100 + MAX_SLICE);
    expect(t.deferred).toHaveLength(1);
  });

  it('drops a removed session, and ignores work for unknown ones', () => {
    const t = setup({ 1: 0, 2: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'a', 1);
    t.scheduler.remove(1);
    t.scheduler.write(2, 'b', 1);
    t.scheduler.action(2, () => t.log.push('never'));
    t.turn();
    expect(t.log).toEqual([]);
  });

  it('never cuts a surrogate pair', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    const text = 'a'.repeat(FIRST_SLICE - 1) + '😀' + 'b';
    t.scheduler.write(1, text, 100);
    t.turn();
    expect(t.log[0]).toBe(`1:${FIRST_SLICE - 1}`);
  });
});

describe('nextSliceSize', () => {
  it.each([
    // current, parsed, elapsed ms → next
    [1024, 1024, SLICE_TARGET_MS, 1024], // on target: stays
    [1024, 1024, SLICE_TARGET_MS / 4, 2048], // 4× too fast: grows, at most 2× a step
    [1024, 1024, SLICE_TARGET_MS * 4, 256], // 4× too slow: shrinks at once
    [1024, 1024, 10_000, MIN_SLICE], // never below the floor
    [MAX_SLICE, MAX_SLICE, 0, MAX_SLICE], // never above the cap
    [1024, 0, 5, 1024], // nothing parsed: nothing learned
  ])('from %i after %i units in %f ms: %i', (current, parsed, elapsed, next) => {
    expect(nextSliceSize(current, parsed, elapsed)).toBe(next);
  });
});

describe('MirrorScheduler queues and turns', () => {
  it('one deferred turn for any number of writes; adding a session twice keeps its queue', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'a', 1);
    t.scheduler.write(1, 'b', 1);
    t.scheduler.add(1);
    expect(t.deferred).toHaveLength(1);
    expect(t.scheduler.backlog(1)).toBe(2);
    t.turn();
    expect(t.log).toEqual(['1:1', '1 parsed 1', '1:1', '1 parsed 1']);
  });

  it('round robin: one slice per session with work, in the order work arrived', () => {
    const t = setup({ 1: 0, 2: 0 });
    t.scheduler.add(1);
    t.scheduler.add(2);
    t.scheduler.write(1, 'a', 1);
    t.scheduler.write(1, 'bb', 2);
    t.scheduler.write(1, 'ccc', 3);
    t.scheduler.write(2, 'x', 1);
    t.turn();
    expect(t.log).toEqual(['1:1', '1 parsed 1', '2:1', '2 parsed 1', '1:2', '1 parsed 2', '1:3', '1 parsed 3']);
  });

  it('removing a session leaves the others in their turn; one added back queues afresh', () => {
    const t = setup({ 1: 0, 2: 0 });
    t.scheduler.add(1);
    t.scheduler.add(2);
    t.scheduler.write(1, 'a', 1);
    t.scheduler.write(2, 'b', 1);
    t.scheduler.remove(1);
    t.scheduler.add(1);
    t.scheduler.write(1, 'c', 1);
    t.turn();
    expect(t.log).toEqual(['2:1', '2 parsed 1', '1:1', '1 parsed 1']);
  });

  it('an action at the end of the queue runs; the backlog counts written units only', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'abc', 3);
    t.scheduler.action(1, () => t.log.push('resize'));
    t.scheduler.action(1, () => t.log.push('snapshot'));
    expect([t.scheduler.backlog(1), t.scheduler.backlog(99)]).toEqual([3, 0]);
    t.turn();
    expect(t.log).toEqual(['1:3', '1 parsed 3', 'resize', 'snapshot']);
    expect(t.deferred).toEqual([]);
  });

  it('a turn ends once it has used TURN_MS, not a slice later', () => {
    // Each first slice costs exactly TURN_MS: one slice, then the next turn.
    const t = setup({ 1: TURN_MS / FIRST_SLICE, 2: TURN_MS / FIRST_SLICE });
    t.scheduler.add(1);
    t.scheduler.add(2);
    t.scheduler.write(1, 'a'.repeat(FIRST_SLICE), FIRST_SLICE);
    t.scheduler.write(2, 'b'.repeat(FIRST_SLICE), FIRST_SLICE);
    t.turn();
    expect(t.log).toEqual([`1:${FIRST_SLICE}`, `1 parsed ${FIRST_SLICE}`]);
    t.turn();
    expect(t.log.slice(2)).toEqual([`2:${FIRST_SLICE}`, `2 parsed ${FIRST_SLICE}`]);
  });

  it('a long write goes in slices sized by its measured cost, and is reported once, whole', () => {
    // 1/1024 ms per unit: the first slice (1024) takes 1 ms, so the next ones are the 2 ms target.
    const t = setup({ 1: 1 / 1024 });
    t.advance(1000);
    t.scheduler.add(1);
    t.scheduler.write(1, 'x'.repeat(5000), 5000);
    t.turn();
    expect(t.log).toEqual(['1:1024', '1:2048', '1:1928', '1 parsed 5000']);
  });

  it('a cheap session doubles its slice each time, up to the cap', () => {
    const t = setup({ 1: 0 });
    t.advance(1000);
    t.scheduler.add(1);
    t.scheduler.write(1, 'x'.repeat(40_000), 40_000);
    t.turn();
    expect(t.log).toEqual(['1:1024', '1:2048', '1:4096', '1:8192', '1:16384', '1:8256', '1 parsed 40000']);
  });

  it.each([
    // the unit where the first slice would end, that slice's length, the unit's code
    ['U+D7FF', FIRST_SLICE, 0xd7ff], // not a surrogate
    ['U+D800', FIRST_SLICE - 1, 0xd800], // the lowest high surrogate: its pair stays whole
    ['U+DBFF', FIRST_SLICE - 1, 0xdbff], // the highest high surrogate
    ['U+DC00', FIRST_SLICE, 0xdc00], // a low surrogate ends a pair: cut after it
  ])('a first slice that would end at %s is %i units long', (_name, first, unit) => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'a'.repeat(FIRST_SLICE - 1) + String.fromCharCode(unit, 0xdc00) + 'b', 100);
    t.turn();
    expect(t.log[0]).toBe(`1:${first}`);
  });

  it('a write that fits the slice is parsed whole, even if it ends in half a pair', () => {
    const t = setup({ 1: 0 });
    t.scheduler.add(1);
    t.scheduler.write(1, 'a'.repeat(FIRST_SLICE - 1) + '\ud83d', 100);
    t.turn();
    expect(t.log).toEqual([`1:${FIRST_SLICE}`, '1 parsed 100']);
  });
});
