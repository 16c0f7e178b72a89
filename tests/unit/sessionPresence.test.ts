import { describe, expect, it } from 'vitest';
import { BELL_INTERVAL_MS, SessionPresence, TITLE_CHECK_MIN_MS } from '../../src/main/sessionPresence';
import { FOREGROUND_CHECK_MS } from '../../src/main/foregroundPoller';
import type { Foreground } from '../../src/main/titleTracker';
import { ManualClock } from '../helpers/manualClock';

const bash: Foreground = { pid: 10, name: 'bash' };
const vim: Foreground = { pid: 20, name: 'vim' };

function setup() {
  const clock = new ManualClock();
  const state = { foreground: bash as Foreground | undefined, watched: true, reads: 0 };
  const events: string[] = [];
  const presence = new SessionPresence({
    session: 1,
    clock,
    shell: bash,
    foreground: () => {
      state.reads++;
      return state.foreground;
    },
    watched: () => state.watched,
    notify: (event) => events.push(event.type === 'title' ? `title ${event.title}` : 'bell'),
  });
  return { clock, state, events, presence };
}

describe('SessionPresence', () => {
  it('sends a title only when it changes, after the trailing check', () => {
    const t = setup();
    t.presence.activity();
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.events).toEqual([]); // still bash
    t.state.foreground = vim;
    t.presence.activity();
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.events).toEqual(['title vim']);
    t.presence.watching(); // a new view: looks at once, nothing new to say
    expect(t.events).toEqual(['title vim']);
  });

  it('a program title is checked against the foreground at once, but not in a storm', () => {
    const t = setup();
    t.state.foreground = vim;
    t.presence.titles([{ kind: 'set', title: 'a' }]);
    expect(t.events).toEqual(['title a']);
    expect(t.state.reads).toBe(1);
    for (let i = 0; i < 100; i++) t.presence.titles([{ kind: 'set', title: `storm ${i}` }]);
    expect(t.state.reads).toBe(1); // within TITLE_CHECK_MIN_MS: no more reads
    expect(t.events.at(-1)).toBe('title storm 99');
    t.clock.advance(TITLE_CHECK_MIN_MS);
    t.presence.titles([{ kind: 'set', title: 'later' }]);
    expect(t.state.reads).toBe(2);
  });

  it("one slice's title changes apply in order and are sent once: a popped title keeps its owner", () => {
    const t = setup();
    t.presence.titles([{ kind: 'set', title: 'shell title' }]); // set by bash
    t.state.foreground = vim;
    t.clock.advance(TITLE_CHECK_MIN_MS);
    // vim starts, saves the title, sets its own and, on its way out, restores the saved one.
    t.presence.titles([{ kind: 'push' }, { kind: 'set', title: 'in-vim' }]);
    expect(t.events).toEqual(['title shell title', 'title in-vim']);
    t.presence.titles([
      { kind: 'set', title: 'other' },
      { kind: 'restore', title: 'shell title' },
    ]);
    // bash's again, while vim is still in front: the tab names vim, until vim has gone.
    expect(t.events).toEqual(['title shell title', 'title in-vim', 'title vim']);
    t.state.foreground = bash;
    t.presence.activity();
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.events.at(-1)).toBe('title shell title');
  });

  it('at most one bell event per interval', () => {
    const t = setup();
    for (let i = 0; i < 50; i++) {
      t.presence.bell();
      t.clock.advance(10);
    }
    // 500 ms of bells, one every 10 ms: one at 0, 200 and 400 ms.
    expect(t.events).toEqual(['bell', 'bell', 'bell']);
    expect(BELL_INTERVAL_MS).toBe(200);
  });

  it('no checks while nobody watches; after the end, the shell and nothing busy', () => {
    const t = setup();
    t.state.watched = false;
    t.state.foreground = vim;
    t.presence.activity();
    t.clock.advance(FOREGROUND_CHECK_MS * 4);
    expect(t.state.reads).toBe(0);
    // A plain ask (a window's periodic list) says what was last seen, without looking…
    expect(t.presence.current()).toEqual({ title: 'bash', process: 'bash', busy: false });
    expect(t.state.reads).toBe(0);
    // …a fresh one (before closing) looks.
    expect(t.presence.current(true)).toEqual({ title: 'vim', process: 'vim', busy: true });
    expect(t.state.reads).toBe(1);
    t.presence.ended();
    expect(t.presence.current()).toEqual({ title: 'bash', process: 'bash', busy: false });
    expect(t.events).toEqual(['title vim', 'title bash']);
  });
});
