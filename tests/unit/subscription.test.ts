import { describe, expect, it } from 'vitest';
import {
  GREEN_BATCH_MAX_BYTES,
  GREEN_BATCH_MS,
  Subscription,
  type AckResult,
} from '../../src/main/broadcast/subscription';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../src/shared/flow';
import type { FlowLevel, SessionEvent, SnapshotEvent } from '../../src/shared/protocol';
import { ManualClock } from '../helpers/manualClock';

/** A live subscription on a manual clock, recording what it sends with the time it sent it. */
function setup(flow: Partial<FlowConfig> = {}) {
  const clock = new ManualClock();
  const sent: Array<{ at: number; event: SessionEvent }> = [];
  const levels: FlowLevel[] = [];
  const subscription = new Subscription({
    session: 1,
    flow: { ...DEFAULT_FLOW_CONFIG, ...flow },
    clock,
    send: (event) => sent.push({ at: clock.now(), event }),
    onLevelChange: (level) => levels.push(level),
  });
  subscription.deliverSnapshot({ type: 'snapshot', session: 1, data: '', cols: 80, rows: 24, scrollback: 1000 });
  sent.length = 0;
  const outputs = () => sent.filter((s) => s.event.type === 'output');
  const warnings = () => sent.flatMap((s) => (s.event.type === 'backpressure_warning' ? [s.event] : []));
  const text = () =>
    outputs()
      .map((s) => (s.event.type === 'output' ? s.event.data : ''))
      .join('');
  const push = (data: string) => subscription.push(data, data.length);
  return { clock, sent, levels, subscription, outputs, warnings, text, push };
}

/** Sends `count` one-byte messages, each in its own interval, leaving them unacknowledged. */
function fill(t: ReturnType<typeof setup>, count: number): void {
  for (let i = 0; i < count; i++) {
    t.push('x');
    t.clock.advance(DEFAULT_FLOW_CONFIG.redIntervalMs);
  }
}

describe('Subscription (the seed tests)', () => {
  it('green zone sends immediately', () => {
    const t = setup();
    t.push('hello');
    expect(t.outputs()).toEqual([{ at: 1000, event: { type: 'output', session: 1, data: 'hello' } }]);
    expect(t.subscription.level).toBe('green');
  });

  it('yellow zone sends at most one message per 10 ms', () => {
    const t = setup({ yellowThreshold: 10, redThreshold: 100 });
    fill(t, 10);
    expect(t.subscription.level).toBe('yellow');
    const before = t.outputs().length;
    const start = t.clock.now();
    // 100 chunks over 50 ms, one every 0.5 ms.
    for (let i = 0; i < 100; i++) {
      t.push(`y${i};`);
      t.clock.advance(0.5);
    }
    t.clock.advance(20);
    const yellow = t.outputs().slice(before);
    const times = yellow.map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(10);
    // 50 ms of output plus the tail: about one message per 10 ms, nothing lost.
    expect(yellow.length).toBeLessThanOrEqual(Math.ceil((t.clock.now() - start) / 10) + 1);
    expect(yellow.map((s) => (s.event.type === 'output' ? s.event.data : '')).join('')).toBe(
      Array.from({ length: 100 }, (_, i) => `y${i};`).join(''),
    );
  });

  it('red zone sends at most one message per 100 ms', () => {
    const t = setup({ yellowThreshold: 5, redThreshold: 10 });
    fill(t, 10);
    expect(t.subscription.level).toBe('red');
    const before = t.outputs().length;
    for (let i = 0; i < 1000; i++) {
      t.push('r');
      t.clock.advance(1);
    }
    t.clock.advance(200);
    const red = t.outputs().slice(before);
    for (let i = 1; i < red.length; i++) expect(red[i]!.at - red[i - 1]!.at).toBeGreaterThanOrEqual(100);
    expect(red.length).toBeLessThanOrEqual(12);
    expect(red.map((s) => (s.event.type === 'output' ? s.event.data : '')).join('')).toBe('r'.repeat(1000));
  });

  it('acks lower the pending count', () => {
    const t = setup();
    fill(t, 7);
    expect(t.subscription.pending).toBe(7);
    expect(t.subscription.pendingBytes).toBe(7);
    expect(t.subscription.ack(3)).toEqual({ ok: true });
    expect(t.subscription.pending).toBe(4);
    expect(t.subscription.pendingBytes).toBe(4);
    expect(t.subscription.ack(4)).toEqual({ ok: true });
    expect(t.subscription.pending).toBe(0);
    // More than is pending is refused and changes nothing.
    expect(t.subscription.ack(1).ok).toBe(false);
    expect(t.subscription.pending).toBe(0);
  });

  it('transitions green→yellow→red→green emit exactly one warning each', () => {
    const t = setup({ yellowThreshold: 4, redThreshold: 8 });
    fill(t, 20);
    expect(t.subscription.level).toBe('red');
    t.subscription.ack(20);
    expect(t.subscription.level).toBe('green');
    expect(t.warnings()).toEqual([
      { type: 'backpressure_warning', session: 1, queue_size: 4, level: 'yellow' },
      { type: 'backpressure_warning', session: 1, queue_size: 8, level: 'red' },
      { type: 'backpressure_warning', session: 1, queue_size: 0, level: 'green' },
    ]);
    expect(t.levels).toEqual(['yellow', 'red', 'green']);
  });

  it('no message loss', () => {
    const t = setup({ yellowThreshold: 3, redThreshold: 6, yellowBytes: 50, redBytes: 100 });
    const expected: string[] = [];
    // A random mix of pushes, time steps and acks through every level.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 5000; i++) {
      const data = `<${i}>`;
      expected.push(data);
      t.push(data);
      t.clock.advance(random() * 8);
      if (random() < 0.3 && t.subscription.pending > 0) {
        t.subscription.ack(1 + Math.floor(random() * t.subscription.pending));
      }
    }
    t.clock.advance(1000);
    expect(t.text()).toBe(expected.join(''));
    expect(new Set(t.levels)).toEqual(new Set(['yellow', 'red', 'green']));
  });
});

describe('Subscription details', () => {
  it('batches a green flood per window and sends a full batch early', () => {
    const t = setup();
    t.push('a');
    t.push('b');
    t.push('c');
    expect(t.outputs().length).toBe(1);
    t.clock.advance(GREEN_BATCH_MS);
    expect(t.outputs().map((s) => s.event)).toEqual([
      { type: 'output', session: 1, data: 'a' },
      { type: 'output', session: 1, data: 'bc' },
    ]);
    const big = 'z'.repeat(GREEN_BATCH_MAX_BYTES);
    t.push(big);
    expect(t.outputs().length).toBe(3);
  });

  it('levels step down with hysteresis: no flapping at a threshold', () => {
    const t = setup({ yellowThreshold: 10, redThreshold: 100 });
    fill(t, 10);
    expect(t.subscription.level).toBe('yellow');
    t.subscription.ack(1); // 9 pending: below yellow, above its half
    expect(t.subscription.level).toBe('yellow');
    fill(t, 1);
    t.subscription.ack(1);
    expect(t.warnings().length).toBe(1);
    t.subscription.ack(5); // 4 pending: below half of yellow
    expect(t.subscription.level).toBe('green');
  });

  it('counts bytes: one large message makes red', () => {
    const t = setup({ yellowBytes: 100, redBytes: 1000 });
    t.push('x'.repeat(1000));
    expect(t.subscription.level).toBe('red');
    expect(t.subscription.pendingBytes).toBe(1000);
  });

  it('an event keeps its place after queued output', () => {
    const t = setup();
    t.push('a');
    t.push('b');
    t.subscription.pushEvent({ type: 'exit', session: 1, exitCode: 0, signal: null });
    t.clock.advance(GREEN_BATCH_MS);
    expect(t.sent.map((s) => s.event.type)).toEqual(['output', 'output', 'exit']);
  });

  it('queues output while snapshotting and sends it after the snapshot', () => {
    const clock = new ManualClock();
    const sent: SessionEvent[] = [];
    const subscription = new Subscription({
      session: 3,
      flow: DEFAULT_FLOW_CONFIG,
      clock,
      send: (event) => sent.push(event),
      onLevelChange: () => {},
    });
    subscription.push('live', 4);
    expect(sent).toEqual([]);
    subscription.deliverSnapshot(
      { type: 'snapshot', session: 3, data: 'screen', cols: 80, rows: 24, scrollback: 1000 },
      () => sent.push({ type: 'size', session: 3, cols: 1, rows: 1 }),
    );
    expect(sent.map((e) => e.type)).toEqual(['snapshot', 'size', 'output']);
  });

  it('sends nothing while suspended and keeps acks of earlier messages valid', () => {
    const t = setup();
    fill(t, 3);
    t.subscription.suspend();
    t.push('hidden');
    t.clock.advance(100);
    expect(t.outputs().length).toBe(3);
    expect(t.subscription.ack(3)).toEqual({ ok: true });
    t.subscription.resume();
    t.push('queued during snapshot');
    t.subscription.deliverSnapshot({ type: 'snapshot', session: 1, data: 'now', cols: 80, rows: 24, scrollback: 1000 });
    expect(t.text()).toBe('xxxqueued during snapshot');
  });
});

const SNAPSHOT: SnapshotEvent = { type: 'snapshot', session: 1, data: 'screen', cols: 80, rows: 24, scrollback: 1000 };
const EXIT: SessionEvent = { type: 'exit', session: 1, exitCode: 0, signal: null };
const TITLE: SessionEvent = { type: 'title', session: 1, title: 'vim' };

/** An event in a word or two: its type, and its data or level where it has one. */
function brief(event: SessionEvent): string {
  if (event.type === 'output' || event.type === 'snapshot') return `${event.type} ${event.data}`;
  if (event.type === 'error') return `error ${event.code} ${event.message}`;
  if (event.type === 'backpressure_warning') return `warning ${event.level}`;
  return event.type;
}

type StateName = 'snapshotting' | 'live' | 'suspended' | 'closed';

/** A subscription brought into `state` the way the broadcaster does it, with nothing sent yet. */
function inState(state: StateName) {
  const clock = new ManualClock();
  const sent: string[] = [];
  const subscription = new Subscription({
    session: 1,
    flow: DEFAULT_FLOW_CONFIG,
    clock,
    send: (event) => sent.push(brief(event)),
    onLevelChange: () => {},
  });
  if (state !== 'snapshotting') subscription.deliverSnapshot(SNAPSHOT);
  if (state === 'suspended') subscription.suspend();
  if (state === 'closed') subscription.close();
  sent.length = 0;
  return { clock, sent, subscription };
}

describe('Subscription states', () => {
  const table: Array<[StateName, string[], number, string[], AckResult]> = [
    // state, sent by output + stream event + title + error (then 10 ms), bytes still queued,
    // sent by resume + snapshot, what an ack of 0 gives
    ['snapshotting', ['title', 'error internal oops'], 3, ['snapshot screen', 'output out', 'exit'], { ok: true }],
    ['live', ['output out', 'title', 'error internal oops', 'exit'], 0, [], { ok: true }],
    ['suspended', ['title', 'error internal oops'], 0, ['snapshot screen'], { ok: true }],
    ['closed', [], 0, [], { ok: false, message: 'subscription closed' }],
  ];
  it.each(table)('%s: sends %j, keeps %i bytes, then %j', (state, first, queued, afterSnapshot, ack) => {
    const t = inState(state);
    expect([t.subscription.snapshotting, t.subscription.suspended, t.subscription.closed]).toEqual([
      state === 'snapshotting',
      state === 'suspended',
      state === 'closed',
    ]);
    t.subscription.push('out', 3);
    t.subscription.pushEvent(EXIT);
    t.subscription.notify(TITLE);
    t.subscription.sendError('oops');
    t.clock.advance(10);
    expect(t.sent.splice(0)).toEqual(first);
    expect(t.subscription.queuedBytes).toBe(queued);
    t.subscription.resume();
    t.subscription.deliverSnapshot(SNAPSHOT);
    t.clock.advance(10);
    expect(t.sent).toEqual(afterSnapshot);
    expect(t.subscription.ack(0)).toEqual(ack);
  });

  it('close is final: no suspend, resume or snapshot brings it back', () => {
    const t = inState('closed');
    t.subscription.suspend();
    t.subscription.resume();
    t.subscription.deliverSnapshot(SNAPSHOT);
    t.subscription.push('out', 3);
    t.clock.advance(10);
    expect(t.sent).toEqual([]);
    expect([t.subscription.snapshotting, t.subscription.suspended, t.subscription.closed]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('a suspend drops the waiting batch and its timer; a hidden view arms none; the resumed view starts at its snapshot', () => {
    const t = setup();
    t.push('a'); // at once
    t.push('b'); // waits for the batch window
    expect([t.subscription.queuedBytes, t.clock.pendingTimers]).toEqual([1, 1]);
    t.subscription.suspend();
    expect([t.subscription.queuedBytes, t.clock.pendingTimers]).toEqual([0, 0]);
    t.push('hidden');
    t.subscription.resume();
    t.push('c'); // waits for the snapshot, with no timer
    expect([t.subscription.queuedBytes, t.clock.pendingTimers]).toEqual([1, 0]);
    t.subscription.deliverSnapshot(SNAPSHOT);
    t.clock.advance(100);
    expect(t.sent.map((s) => brief(s.event))).toEqual(['output a', 'snapshot screen', 'output c']);
  });

  it('a snapshot with nothing queued after it arms no timer', () => {
    const t = setup();
    t.push('a'); // sent just now: the next message would wait for the batch window
    t.subscription.suspend();
    t.subscription.resume();
    t.subscription.deliverSnapshot(SNAPSHOT);
    expect(t.clock.pendingTimers).toBe(0);
  });
});

describe('Subscription timing', () => {
  /** What was sent, each with its time; data longer than 6 characters is cut to 6 and `…`. */
  const sentAt = (t: ReturnType<typeof setup>) =>
    t.sent.map((s) => `${s.at} ${brief(s.event).replace(/(output|snapshot) (.{6}).+/, '$1 $2…')}`);

  it('output one interval after the last message goes at once', () => {
    const t = setup();
    t.push('a');
    t.clock.advance(GREEN_BATCH_MS);
    t.push('b');
    expect(sentAt(t)).toEqual(['1000 output a', '1005 output b']);
  });

  it('a waiting batch has one timer, however many pushes join it', () => {
    const t = setup();
    t.push('a');
    t.push('b');
    t.push('c');
    t.push('d');
    expect(t.clock.pendingTimers).toBe(1);
    t.clock.advance(GREEN_BATCH_MS);
    expect(sentAt(t)).toEqual(['1000 output a', '1005 output bcd']);
  });

  it('a full green batch goes at once, cancels the wait and restarts the interval', () => {
    const t = setup();
    t.push('a'); // 1000: at once
    t.clock.advance(2);
    t.push('b'); // 1002: would wait until 1005
    t.push('z'.repeat(GREEN_BATCH_MAX_BYTES)); // full: goes now, with b
    expect(t.clock.pendingTimers).toBe(0);
    t.clock.advance(1);
    t.push('c'); // 1003: one window after 1002
    t.clock.advance(10);
    expect(sentAt(t)).toEqual(['1000 output a', '1002 output bzzzzz…', '1007 output c']);
  });

  it('yellow does not send a full batch early: it waits for its interval', () => {
    const t = setup({ yellowThreshold: 2, redThreshold: 100 });
    fill(t, 2); // sent at 1000 and 1100: yellow
    t.sent.length = 0;
    t.push('a'); // 1200: at once
    t.push('z'.repeat(GREEN_BATCH_MAX_BYTES)); // waits until 1210
    t.clock.advance(DEFAULT_FLOW_CONFIG.yellowIntervalMs);
    expect(sentAt(t)).toEqual(['1200 output a', '1210 output zzzzzz…']);
  });

  it('an ack that lowers the level lets a waiting batch out at the lower interval', () => {
    const t = setup({ yellowThreshold: 2, redThreshold: 4 });
    fill(t, 4); // sent at 1000…1300: red
    t.sent.length = 0;
    t.push('a'); // 1400: at once
    t.clock.advance(20);
    t.push('b'); // 1420: red waits until 1400 + 100
    t.subscription.ack(5); // green: due at 1405, so at once
    expect(sentAt(t)).toEqual(['1400 output a', '1420 warning green', '1420 output b']);
  });

  it('acks release the exact sizes of the oldest messages, across many messages', () => {
    const t = setup({ yellowThreshold: 100_000, redThreshold: 200_000, yellowBytes: 2 ** 29, redBytes: 2 ** 30 });
    // Message k (counting from 0) is k + 1 bytes long, so while messages acked … sent - 1 are
    // pending they hold (acked + 1) + … + sent bytes. 4200 messages: the array is compacted.
    let sent = 0;
    let acked = 0;
    const bytesOf = (from: number, to: number) => ((to - from) * (from + to + 1)) / 2;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 700; i++) {
        t.subscription.push('x', sent + 1);
        sent++;
        t.clock.advance(GREEN_BATCH_MS);
      }
      const count = round % 2 === 0 ? 600 : 750;
      expect(t.subscription.ack(count)).toEqual({ ok: true });
      acked += count;
      expect([t.subscription.pending, t.subscription.pendingBytes]).toEqual([sent - acked, bytesOf(acked, sent)]);
    }
  });
});

describe('Subscription: never more than the red budget in flight', () => {
  it('output queued while waiting for a snapshot goes out in messages, up to the red budget, the rest on acks', () => {
    const clock = new ManualClock();
    const sent: SessionEvent[] = [];
    const flow = { ...DEFAULT_FLOW_CONFIG, redBytes: 256 * 1024, yellowBytes: 128 * 1024 };
    const subscription = new Subscription({
      session: 1,
      flow,
      clock,
      send: (event) => sent.push(event),
      onLevelChange: () => undefined,
    });
    // 1 MiB arrives in 4 KiB reads while the snapshot is being made (the mirror catching up).
    const read = 'r'.repeat(4096);
    for (let i = 0; i < 256; i++) subscription.push(read, read.length);
    subscription.pushEvent({ type: 'exit', session: 1, exitCode: 0, signal: null });
    subscription.deliverSnapshot({ type: 'snapshot', session: 1, data: '', cols: 80, rows: 24, scrollback: 1000 });
    const outputs = () => sent.filter((event) => event.type === 'output');
    // Messages of 64 KiB, and no new one once 256 KiB are unacknowledged: four of them.
    expect(outputs().map((event) => (event.type === 'output' ? event.data.length : 0))).toEqual([
      65536, 65536, 65536, 65536,
    ]);
    expect(subscription.pendingBytes).toBe(256 * 1024);
    expect(subscription.queuedBytes).toBe(768 * 1024);
    clock.advance(1000); // time alone sends nothing more
    expect(outputs()).toHaveLength(4);
    subscription.ack(2); // 128 KiB acknowledged: room for two more
    expect(outputs()).toHaveLength(6);
    subscription.ack(4);
    subscription.ack(4);
    subscription.ack(4);
    clock.advance(1000);
    // Every byte once, in order, and the exit after the last of them.
    expect(outputs().reduce((total, event) => total + (event.type === 'output' ? event.data.length : 0), 0)).toBe(
      1 << 20,
    );
    expect(sent.filter((event) => event.type !== 'backpressure_warning').at(-1)?.type).toBe('exit');
    expect(subscription.queuedBytes).toBe(0);
  });
});
