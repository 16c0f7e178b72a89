import { describe, expect, it } from 'vitest';
import { SessionLifecycle, type LifecycleDecision } from '../../src/main/sessionLifecycle';
import { ManualClock } from '../helpers/manualClock';

const GRACE = 30_000;

function setup(graceMs = GRACE) {
  const clock = new ManualClock();
  const decisions: LifecycleDecision['type'][] = [];
  const lifecycle = new SessionLifecycle({ clock, graceMs, act: (decision) => decisions.push(decision.type) });
  return { clock, decisions, lifecycle };
}

describe('SessionLifecycle', () => {
  it('a session never attached is unwatched from the start: ended after the grace, reaped at exit', () => {
    const t = setup();
    expect(t.lifecycle.state).toBe('unwatched');
    t.clock.advance(GRACE - 1);
    expect(t.decisions).toEqual([]);
    t.clock.advance(1);
    expect(t.decisions).toEqual(['kill']);
    expect(t.lifecycle.closing).toBe(true);
    t.lifecycle.exited();
    expect(t.decisions).toEqual(['kill', 'reap']);
    expect(t.lifecycle.state).toBe('reaped');
  });

  it('a watched session is never ended; once unwatched, its grace starts afresh', () => {
    const t = setup();
    t.lifecycle.setWatchers(1);
    expect(t.lifecycle.state).toBe('running');
    t.clock.advance(GRACE * 10);
    expect(t.decisions).toEqual([]);
    t.lifecycle.setWatchers(0);
    t.clock.advance(GRACE - 1);
    expect(t.decisions).toEqual([]);
    t.clock.advance(1);
    expect(t.decisions).toEqual(['kill']);
  });

  it('a reload within the grace reattaches: nothing happens, and the old grace is void', () => {
    const t = setup();
    t.lifecycle.setWatchers(1);
    t.lifecycle.setWatchers(0);
    t.clock.advance(GRACE / 2);
    t.lifecycle.setWatchers(1);
    t.clock.advance(GRACE);
    expect(t.decisions).toEqual([]);
    expect(t.lifecycle.state).toBe('running');
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('an exited session nobody watches is reaped like a running one, after the grace, without a kill', () => {
    const t = setup();
    t.lifecycle.setWatchers(2);
    t.lifecycle.exited();
    expect(t.lifecycle.state).toBe('exited');
    t.lifecycle.setWatchers(1);
    t.lifecycle.setWatchers(0);
    expect(t.lifecycle.state).toBe('unwatched');
    t.clock.advance(GRACE - 1);
    expect(t.decisions).toEqual([]);
    t.clock.advance(1);
    expect(t.decisions).toEqual(['reap']);
  });

  it('closed by the user: reaped as soon as it has exited and nobody watches, with no grace', () => {
    const t = setup();
    t.lifecycle.setWatchers(2);
    t.lifecycle.close();
    t.lifecycle.exited();
    expect(t.decisions).toEqual([]); // a second window still shows the exit
    t.lifecycle.setWatchers(1);
    expect(t.decisions).toEqual([]);
    t.lifecycle.setWatchers(0);
    expect(t.decisions).toEqual(['reap']);
  });

  it('closed while unwatched and already exited: reaped at once', () => {
    const t = setup();
    t.lifecycle.exited();
    t.lifecycle.close();
    expect(t.decisions).toEqual(['reap']);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('grace 0 keeps unwatched sessions until closed', () => {
    const t = setup(0);
    t.lifecycle.exited();
    t.clock.advance(GRACE * 100);
    expect(t.decisions).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
    t.lifecycle.close();
    expect(t.decisions).toEqual(['reap']);
  });

  it('after dispose or reap, nothing more happens', () => {
    const t = setup();
    t.lifecycle.dispose();
    expect(t.lifecycle.state).toBe('reaped');
    t.clock.advance(GRACE * 2);
    t.lifecycle.exited();
    t.lifecycle.close();
    t.lifecycle.setWatchers(1);
    t.lifecycle.setWatchers(0);
    expect(t.decisions).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('a report of watchers that changes nothing neither restarts nor stops the grace', () => {
    const t = setup();
    t.clock.advance(GRACE / 2);
    t.lifecycle.setWatchers(0);
    t.clock.advance(GRACE / 2);
    expect(t.decisions).toEqual(['kill']);
  });

  it('a watched session holds no timer, and going from one watcher to two changes nothing', () => {
    const t = setup();
    t.lifecycle.setWatchers(1);
    expect(t.clock.pendingTimers).toBe(0);
    t.lifecycle.setWatchers(2);
    t.lifecycle.exited();
    t.lifecycle.close();
    t.lifecycle.setWatchers(1);
    expect(t.decisions).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('closed while its program still runs: reaped when it exits, not before', () => {
    const t = setup();
    t.lifecycle.close();
    expect(t.decisions).toEqual([]);
    expect(t.lifecycle.state).toBe('unwatched');
    t.lifecycle.exited();
    expect(t.decisions).toEqual(['reap']);
  });

  it('reaped once: closing or exiting again decides nothing', () => {
    const t = setup();
    t.lifecycle.exited();
    t.lifecycle.close();
    t.lifecycle.close();
    t.lifecycle.exited();
    expect(t.decisions).toEqual(['reap']);
  });

  it('closed, then disposed before the exit: the exit decides nothing', () => {
    const t = setup();
    t.lifecycle.close();
    t.lifecycle.dispose();
    t.lifecycle.exited();
    expect(t.decisions).toEqual([]);
  });

  it('exits only once; a second exit changes nothing', () => {
    const t = setup();
    t.lifecycle.close();
    t.lifecycle.exited();
    t.lifecycle.exited();
    expect(t.decisions).toEqual(['reap']);
  });
});
