import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Subscription } from '../../src/main/broadcast/subscription';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../src/shared/flow';
import type { SessionEvent } from '../../src/shared/protocol';
import { ManualClock } from '../helpers/manualClock';

type Op = { kind: 'push'; data: string } | { kind: 'advance'; ms: number } | { kind: 'ack'; fraction: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), data: fc.string({ minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 150 }) }),
  fc.record({ kind: fc.constant('ack' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

const flow: FlowConfig = {
  ...DEFAULT_FLOW_CONFIG,
  yellowThreshold: 3,
  redThreshold: 6,
  yellowBytes: 60,
  redBytes: 120,
};

describe('Subscription properties', () => {
  it('whatever the pushes, acks and time steps: every byte once, in order; intervals kept; one warning per change', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const clock = new ManualClock();
        const sent: Array<{ at: number; event: SessionEvent }> = [];
        const subscription = new Subscription({
          session: 1,
          flow,
          clock,
          send: (event) => sent.push({ at: clock.now(), event }),
          onLevelChange: () => {},
        });
        subscription.deliverSnapshot({ type: 'snapshot', session: 1, data: '', cols: 80, rows: 24, scrollback: 1000 });
        let pushed = '';
        for (const step of ops) {
          if (step.kind === 'push') {
            pushed += step.data;
            subscription.push(step.data, step.data.length);
          } else if (step.kind === 'advance') {
            clock.advance(step.ms);
          } else {
            const count = Math.floor(step.fraction * subscription.pending);
            if (count > 0) expect(subscription.ack(count)).toEqual({ ok: true });
          }
          expect(subscription.pending).toBeGreaterThanOrEqual(0);
          expect(subscription.pendingBytes).toBeGreaterThanOrEqual(0);
        }
        clock.advance(1000);
        const outputs = sent.flatMap((s) => (s.event.type === 'output' ? [s] : []));
        expect(outputs.map((s) => (s.event.type === 'output' ? s.event.data : '')).join('')).toBe(pushed);
        expect(subscription.queuedBytes).toBe(0);
        // Warnings: only on a change of level, each naming a level different from the one before.
        let level = 'green';
        for (const { event } of sent) {
          if (event.type !== 'backpressure_warning') continue;
          expect(event.level).not.toBe(level);
          level = event.level;
        }
        expect(level).toBe(subscription.level);
      }),
      { numRuns: 300 },
    );
  });
});
