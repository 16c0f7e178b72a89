/** Closing a window asks first when a program would end with it, naming it; idle shells close at once. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { closeQuestion, guardWindowClose, programsEndedByClosing } from '../../src/main/desktop/closeGuard';
import type { SessionInfo } from '../../src/shared/protocol';
import { preventable } from './fakes';

function info(session: number, process: string, extra: Partial<SessionInfo> = {}): SessionInfo {
  return {
    session,
    pid: 100 + session,
    title: process,
    process,
    busy: process !== 'bash',
    cwd: '/',
    cols: 80,
    rows: 24,
    subscribers: 1,
    exited: null,
    ...extra,
  };
}

class FakeWindow extends EventEmitter {
  closed = 0;
  destroyed = false;
  close(): void {
    this.closed++;
    const event = preventable();
    this.emit('close', event);
    if (!event.prevented) this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

describe('programsEndedByClosing', () => {
  it('names the busy sessions of this window that no other window watches', () => {
    const list = [
      info(1, 'vim'),
      info(2, 'bash'),
      info(3, 'top', { subscribers: 2 }),
      info(4, 'make', { exited: { exitCode: 0, signal: null } }),
      info(5, 'less'),
    ];
    expect(programsEndedByClosing([1, 2, 3, 4], list)).toEqual(['vim']);
    expect(programsEndedByClosing([2], list)).toEqual([]);
  });

  it('says what ends', () => {
    expect(closeQuestion(['vim'])).toBe('“vim” is still running in this window. Closing the window ends it.');
    expect(closeQuestion(['vim', 'top', 'make'])).toContain('“vim” and 2 other programs are still running');
  });
});

describe('guardWindowClose', () => {
  function setup(list: SessionInfo[], answer: boolean, confirm = true) {
    const window = new FakeWindow();
    const asked: string[][] = [];
    let settle: (close: boolean) => void = () => {};
    guardWindowClose(window, {
      sessions: () => list.map((entry) => entry.session),
      list: () => list,
      confirm: () => confirm,
      ask: (programs) => {
        asked.push([...programs]);
        return new Promise<boolean>((resolve) => {
          settle = resolve;
        });
      },
    });
    return { window, asked, answer: () => settle(answer) };
  }

  it('closes a window of idle shells at once', () => {
    const { window, asked } = setup([info(1, 'bash')], true);
    window.close();
    expect([window.destroyed, asked]).toEqual([true, []]);
  });

  it('asks, names the program, and closes only on yes', async () => {
    const yes = setup([info(1, 'vim')], true);
    yes.window.close();
    expect([yes.window.destroyed, yes.asked]).toEqual([false, [['vim']]]);
    // A second close while the question is up asks nothing more.
    yes.window.close();
    expect(yes.asked).toHaveLength(1);
    yes.answer();
    await expect.poll(() => yes.window.destroyed).toBe(true);

    const no = setup([info(1, 'vim')], false);
    no.window.close();
    no.answer();
    await Promise.resolve();
    await Promise.resolve();
    expect(no.window.destroyed).toBe(false);
    expect(no.window.closed).toBe(1);
  });

  it('asks nothing when confirmBeforeClose is off', () => {
    const { window, asked } = setup([info(1, 'vim')], false, false);
    window.close();
    expect([window.destroyed, asked]).toEqual([true, []]);
  });
});
