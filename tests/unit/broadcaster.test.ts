import { describe, expect, it } from 'vitest';
import {
  Broadcaster,
  BroadcastError,
  MIRROR_RESUME_FRACTION,
  type BroadcastDecision,
} from '../../src/main/broadcast/broadcaster';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../src/shared/flow';
import type { SnapshotEvent } from '../../src/shared/protocol';
import { ManualClock } from '../helpers/manualClock';

type Sub = 'A' | 'B' | 'C';

/** Small budgets so a few messages move levels: yellow at 4 messages, red at 8; bytes never decide. */
const FLOW: FlowConfig = {
  ...DEFAULT_FLOW_CONFIG,
  yellowThreshold: 4,
  redThreshold: 8,
  yellowBytes: 1 << 30,
  redBytes: 1 << 30,
};
const MIRROR_BUDGET = 1000;

function snapshot(data = ''): SnapshotEvent {
  return { type: 'snapshot', session: 1, data, cols: 80, rows: 24, scrollback: 100 };
}

/** A broadcaster on a manual clock; `log` is every decision in order, written compactly. */
function setup(flow: Partial<FlowConfig> = {}) {
  const clock = new ManualClock();
  const decisions: BroadcastDecision<Sub>[] = [];
  const broadcaster = new Broadcaster<Sub>({
    session: 1,
    flow: { ...FLOW, ...flow },
    clock,
    mirrorBudgetBytes: MIRROR_BUDGET,
    act: (decision) => decisions.push(decision),
  });
  const log = (): string[] =>
    decisions.splice(0).map((d) => {
      switch (d.type) {
        case 'send':
          return `${d.subscriber} ${d.event.type}${'data' in d.event ? ` ${d.event.data}` : ''}${
            d.event.type === 'backpressure_warning' ? ` ${d.event.level}` : ''
          }`;
        case 'pause':
          return `pause (${d.cause})`;
        case 'resume':
          return 'resume';
        case 'detached':
          return `${d.subscriber} gone (${d.reason})`;
      }
    });
  const live = (...subs: Sub[]): void => {
    for (const sub of subs) {
      broadcaster.attach(sub);
      broadcaster.deliverSnapshot(sub, snapshot());
    }
    decisions.length = 0;
  };
  /** One message per red interval, so each goes out alone and stays unacknowledged. */
  const send = (count: number): void => {
    for (let i = 0; i < count; i++) {
      broadcaster.output('x', 1);
      clock.advance(FLOW.redIntervalMs);
    }
  };
  return { clock, broadcaster, decisions, log, live, send };
}

describe('Broadcaster: pause and resume', () => {
  it('pauses when one subscriber reaches red and resumes only when every counted one is green', () => {
    const t = setup();
    t.live('A', 'B');
    t.send(8);
    const log = t.log();
    // A and B each get 8 messages; both go yellow at 4 and red at 8; the first red pauses, once.
    expect(log.filter((line) => line.startsWith('pause'))).toEqual(['pause (view)']);
    expect(log.filter((line) => line.includes('backpressure_warning'))).toEqual([
      'A backpressure_warning yellow',
      'B backpressure_warning yellow',
      'A backpressure_warning red',
      'B backpressure_warning red',
    ]);
    t.broadcaster.ack('A', 8); // A back to green: B still red, still paused
    expect(t.log()).toEqual(['A backpressure_warning green']);
    t.broadcaster.ack('B', 6); // B down to 2: below half of yellow's 4? no, 2 < 2 is false: yellow
    expect(t.log()).toEqual(['B backpressure_warning yellow']);
    t.broadcaster.ack('B', 1); // 1 < 2: green, and every counted subscriber is green
    expect(t.log()).toEqual(['B backpressure_warning green', 'resume']);
    expect(t.broadcaster.paused).toBe(false);
  });

  it('a suspended subscriber does not count: suspending the red one resumes the PTY', () => {
    const t = setup();
    t.live('A', 'B');
    t.send(8);
    t.broadcaster.ack('A', 8);
    t.log();
    t.broadcaster.suspend('B');
    expect(t.log()).toEqual(['resume']);
    // While suspended, B gets nothing; A gets the output.
    t.send(1);
    expect(t.log()).toEqual(['A output x']);
  });

  it('resume brings the subscriber back in snapshotting state; output queues until its snapshot', () => {
    const t = setup();
    t.live('A');
    t.broadcaster.suspend('A');
    expect(t.broadcaster.resume('A')).toBe(true);
    expect(t.broadcaster.resume('A')).toBe(false); // not suspended any more
    t.broadcaster.output('queued', 6);
    t.clock.advance(10);
    expect(t.log()).toEqual([]);
    expect(t.broadcaster.deliverSnapshot('A', snapshot('screen'))).toBe(true);
    expect(t.log()).toEqual(['A snapshot screen', 'A output queued']);
    expect(t.broadcaster.deliverSnapshot('A', snapshot('again'))).toBe(false);
  });

  it('a session with no subscriber is never paused for want of acks', () => {
    const t = setup();
    t.send(100);
    expect(t.log()).toEqual([]);
    expect(t.broadcaster.paused).toBe(false);
  });

  it('the mirror holds the PTY at its budget and lets it go at half of it', () => {
    const t = setup();
    t.live('A');
    t.broadcaster.mirrorLag(MIRROR_BUDGET - 1);
    expect(t.log()).toEqual([]);
    t.broadcaster.mirrorLag(MIRROR_BUDGET);
    expect(t.log()).toEqual(['pause (mirror)']);
    t.broadcaster.mirrorLag(MIRROR_BUDGET * MIRROR_RESUME_FRACTION);
    expect(t.log()).toEqual([]);
    t.broadcaster.mirrorLag(MIRROR_BUDGET * MIRROR_RESUME_FRACTION - 1);
    expect(t.log()).toEqual(['resume']);
  });

  it('a mirror behind and a red view: the PTY resumes only when both have let go', () => {
    const t = setup();
    t.live('A');
    t.broadcaster.mirrorLag(MIRROR_BUDGET);
    t.send(8);
    expect(t.log().filter((line) => !line.startsWith('A output'))).toEqual([
      'pause (mirror)',
      'A backpressure_warning yellow',
      'A backpressure_warning red',
    ]);
    t.broadcaster.mirrorLag(0);
    expect(t.log()).toEqual([]);
    t.broadcaster.ack('A', 8);
    expect(t.log()).toEqual(['A backpressure_warning green', 'resume']);
  });

  it('a subscriber that detaches releases its pause', () => {
    const t = setup();
    t.live('A', 'B');
    t.send(8);
    t.broadcaster.ack('B', 8);
    t.log();
    t.broadcaster.detach('A');
    expect(t.log()).toEqual(['resume']);
    expect(t.broadcaster.subscriberCount).toBe(1);
  });

  it('end() lifts a pause and allows no new one; liftPause() lifts one now', () => {
    const t = setup();
    t.live('A');
    t.send(8);
    expect(t.broadcaster.paused).toBe(true);
    t.log();
    t.broadcaster.liftPause();
    expect(t.log()).toEqual(['resume']);
    t.broadcaster.liftPause();
    expect(t.log()).toEqual([]);
    t.broadcaster.ack('A', 5); // down to 3: yellow (no pause, none to lift)
    t.send(5); // red again: paused again
    expect(t.log().filter((line) => !line.startsWith('A output'))).toEqual([
      'A backpressure_warning yellow',
      'A backpressure_warning red',
      'pause (view)',
    ]);
    t.broadcaster.end();
    expect(t.log()).toEqual(['resume']);
    expect(t.broadcaster.paused).toBe(false);
    t.broadcaster.end();
    expect(t.log()).toEqual([]);
    t.broadcaster.mirrorLag(MIRROR_BUDGET * 10);
    t.send(20);
    expect(t.log().filter((line) => line === 'pause (view)' || line === 'pause (mirror)')).toEqual([]);
  });
});

describe('Broadcaster: lifting a pause', () => {
  it('after liftPause, a mirror report that changes nothing does not pause again', () => {
    const t = setup();
    t.live('A');
    t.send(8);
    t.log();
    t.broadcaster.liftPause();
    t.broadcaster.mirrorLag(0);
    t.broadcaster.mirrorLag(MIRROR_BUDGET - 1);
    expect(t.log()).toEqual(['resume']);
    expect(t.broadcaster.paused).toBe(false);
  });

  it('end() of a session that is not paused decides nothing', () => {
    const t = setup();
    t.live('A');
    t.broadcaster.end();
    expect(t.log()).toEqual([]);
  });
});

describe('Broadcaster: auto-disconnect', () => {
  it('only the mirror pauses: a yellow subscriber does not hold the PTY once the mirror caught up', () => {
    const t = setup({ autoDisconnect: true });
    t.live('A');
    t.send(4);
    expect(t.broadcaster.subscription('A').level).toBe('yellow');
    t.log();
    t.broadcaster.mirrorLag(MIRROR_BUDGET);
    t.broadcaster.mirrorLag(0);
    expect(t.log()).toEqual(['pause (mirror)', 'resume']);
  });

  it('detaches a subscriber that reaches red, after its warning, and never pauses for it', () => {
    const t = setup({ autoDisconnect: true });
    t.live('A', 'B');
    for (let i = 0; i < 8; i++) {
      t.broadcaster.output('x', 1);
      t.broadcaster.ack('B', 1);
      t.clock.advance(FLOW.redIntervalMs);
    }
    const log = t.log().filter((line) => line.startsWith('A') && line !== 'A output x');
    expect(log).toEqual([
      'A backpressure_warning yellow',
      'A backpressure_warning red',
      'A detached',
      'A gone (backpressure)',
    ]);
    expect(log.some((line) => line.startsWith('pause'))).toBe(false);
    expect(t.broadcaster.has('A')).toBe(false);
    expect(t.broadcaster.has('B')).toBe(true);
  });
});

describe('Broadcaster: events', () => {
  it('stream events keep their place behind output; notify goes at once, to suspended subscribers too', () => {
    const t = setup();
    t.live('A', 'B');
    t.broadcaster.suspend('B');
    t.broadcaster.output('one', 3);
    t.broadcaster.output('two', 3); // within the green batch window: waits
    t.broadcaster.streamEvent({ type: 'size', session: 1, cols: 100, rows: 30 });
    t.broadcaster.notify({ type: 'title', session: 1, title: 'vim' });
    expect(t.log()).toEqual(['A output one', 'A title', 'B title']);
    t.clock.advance(10);
    expect(t.log()).toEqual(['A output two', 'A size']);
  });

  it('streamEventTo reaches one subscriber; error goes to one and not to a gone one', () => {
    const t = setup();
    t.live('A', 'B');
    t.broadcaster.streamEventTo('B', { type: 'exit', session: 1, exitCode: 0, signal: null });
    t.broadcaster.error('A', 'no screen copy');
    t.broadcaster.error('C', 'nobody');
    expect(t.log()).toEqual(['B exit', 'A error']);
  });

  it('refuses what makes no sense with a clear error and changes nothing', () => {
    const t = setup();
    t.live('A');
    const thrown = (action: () => unknown): unknown => {
      try {
        action();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const notAttached = { name: 'BroadcastError', code: 'not_attached', message: 'not attached to session 1' };
    expect(thrown(() => t.broadcaster.attach('A'))).toBeInstanceOf(BroadcastError);
    expect(thrown(() => t.broadcaster.attach('A'))).toMatchObject({
      name: 'BroadcastError',
      code: 'already_attached',
      message: 'already attached to session 1',
    });
    expect(thrown(() => t.broadcaster.ack('B', 1))).toMatchObject(notAttached);
    expect(thrown(() => t.broadcaster.ack('A', 5))).toMatchObject({
      name: 'BroadcastError',
      code: 'bad_ack',
      message: 'ack of 5 messages, but only 0 are unacknowledged',
    });
    expect(thrown(() => t.broadcaster.suspend('B'))).toMatchObject(notAttached);
    expect(thrown(() => t.broadcaster.resume('B'))).toMatchObject(notAttached);
    expect(thrown(() => t.broadcaster.detach('B'))).toMatchObject(notAttached);
    // What is addressed to a subscriber that is not there goes nowhere, without an error.
    expect(t.broadcaster.deliverSnapshot('B', snapshot())).toBe(false);
    t.broadcaster.streamEventTo('B', { type: 'exit', session: 1, exitCode: 0, signal: null });
    t.clock.advance(100);
    expect(t.broadcaster.subscriberCount).toBe(1);
    expect(t.log()).toEqual([]);
  });

  it('counts live subscribers apart from suspended ones; dispose drops all silently', () => {
    const t = setup();
    t.live('A', 'B', 'C');
    t.broadcaster.suspend('C');
    expect(t.broadcaster.liveCount).toBe(2);
    expect(t.broadcaster.subscriberCount).toBe(3);
    t.broadcaster.dispose();
    expect(t.broadcaster.subscriberCount).toBe(0);
    t.broadcaster.output('x', 1);
    t.clock.advance(100);
    expect(t.log()).toEqual([]);
  });
});
