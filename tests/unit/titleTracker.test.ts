import { describe, expect, it } from 'vitest';
import { FOREGROUND_CHECK_MS, ForegroundPoller } from '../../src/main/foregroundPoller';
import { TitleTracker } from '../../src/main/titleTracker';
import { ManualClock } from '../helpers/manualClock';

const bash = { pid: 100, name: 'bash' };
const vim = { pid: 200, name: 'vim' };

describe('TitleTracker', () => {
  it('shows the foreground program while it runs and the shell again when it ends', () => {
    const titles = new TitleTracker(bash);
    expect([titles.title, titles.process, titles.busy]).toEqual(['bash', 'bash', false]);
    titles.setForeground(vim);
    expect([titles.title, titles.process, titles.busy]).toEqual(['vim', 'vim', true]);
    titles.setForeground(bash);
    expect([titles.title, titles.busy]).toEqual(['bash', false]);
  });

  it('a program title wins while its owner is in the foreground, and goes stale with it', () => {
    const titles = new TitleTracker(bash);
    titles.setForeground(vim);
    titles.setProgramTitle('notes.txt - VIM'); // set by vim, the foreground as last checked
    expect(titles.title).toBe('notes.txt - VIM');
    titles.setForeground(vim);
    expect(titles.title).toBe('notes.txt - VIM');
    titles.setForeground(bash); // vim ended
    expect(titles.title).toBe('bash');
  });

  it("a shell's prompt title belongs to the shell, and comes back when the shell is in front again", () => {
    const titles = new TitleTracker(bash);
    titles.setProgramTitle('user@host: ~');
    expect(titles.title).toBe('user@host: ~');
    titles.setForeground(vim);
    expect(titles.title).toBe('vim');
    titles.setForeground(bash);
    expect(titles.title).toBe('user@host: ~');
  });

  it('an empty title clears it; an unknown foreground counts as the shell', () => {
    const titles = new TitleTracker(bash);
    titles.setProgramTitle('x');
    titles.setForeground(undefined);
    expect(titles.title).toBe('x');
    titles.setProgramTitle('');
    expect(titles.title).toBe('bash');
    expect(titles.busy).toBe(false);
  });

  it('after exit the last title stays, and nothing is busy', () => {
    const titles = new TitleTracker(bash);
    titles.setForeground(vim);
    titles.exited();
    expect([titles.title, titles.busy]).toEqual(['bash', false]);
    const titled = new TitleTracker(bash);
    titled.setProgramTitle('done');
    titled.exited();
    expect(titled.title).toBe('done');
  });
});

describe('ForegroundPoller', () => {
  function setup(active = true) {
    const clock = new ManualClock();
    const checks: number[] = [];
    const state = { active };
    const poller = new ForegroundPoller({ clock, active: () => state.active, check: () => checks.push(clock.now()) });
    return { clock, checks, state, poller };
  }

  it('checks an interval after activity, and once more after activity that came meanwhile', () => {
    const t = setup();
    t.poller.poke();
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.checks).toEqual([1000 + FOREGROUND_CHECK_MS]);
    t.clock.advance(1000);
    expect(t.checks).toHaveLength(1); // quiet: no more checks
    // 100 ms of activity: a check an interval after the first poke, and a follow-up for the rest.
    const start = t.clock.now();
    for (let i = 0; i < 100; i++) {
      t.poller.poke();
      t.clock.advance(1);
    }
    t.clock.advance(1000);
    expect(t.checks.slice(1)).toEqual([start + FOREGROUND_CHECK_MS, start + 2 * FOREGROUND_CHECK_MS]);
  });

  it('a command typed while a check is pending is looked at after it, not only before', () => {
    const t = setup();
    t.poller.poke(); // output
    t.clock.advance(FOREGROUND_CHECK_MS - 10);
    t.poller.poke(); // the Enter that starts a program, 10 ms before the pending check
    t.clock.advance(10);
    expect(t.checks).toHaveLength(1); // too early to see the program
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.checks).toHaveLength(2); // this one sees it
  });

  it('a flood pokes constantly: at most one check per interval', () => {
    const t = setup();
    for (let ms = 0; ms < 1000; ms++) {
      t.poller.poke();
      t.clock.advance(1);
    }
    expect(t.checks.length).toBeLessThanOrEqual(1000 / FOREGROUND_CHECK_MS);
    expect(t.checks.length).toBeGreaterThanOrEqual(1000 / FOREGROUND_CHECK_MS - 1);
  });

  it('none while nobody watches, and a check at once when someone starts to', () => {
    const t = setup(false);
    t.poller.poke();
    t.clock.advance(FOREGROUND_CHECK_MS * 4);
    t.poller.now();
    expect(t.checks).toEqual([]);
    t.state.active = true;
    t.poller.now();
    expect(t.checks).toEqual([t.clock.now()]);
  });

  it('a check due after the last viewer left is skipped; dispose cancels a pending one', () => {
    const t = setup();
    t.poller.poke();
    t.state.active = false;
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.checks).toEqual([]);
    t.state.active = true;
    t.poller.poke();
    t.poller.dispose();
    t.clock.advance(FOREGROUND_CHECK_MS);
    expect(t.checks).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
  });
});
