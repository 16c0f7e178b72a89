import { describe, expect, it } from 'vitest';
import { GREEN_BATCH_MAX_BYTES, GREEN_BATCH_MS, Subscription } from '../../src/main/broadcast/subscription';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../src/shared/flow';
import type { FlowLevel, SessionEvent } from '../../src/shared/protocol';
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
