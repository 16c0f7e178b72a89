/**
 * Golden test of exactness with real programs: vim, less, top, tmux, a readline prompt with a long
 * wrapped line and a coloured `ls` run in a session while one view watches from the start; a fresh
 * view attaches mid-way. At many points after that, the fresh view (snapshot + what followed)
 * must equal, cell by cell and mode by mode, a reference terminal fed the whole stream.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SluiceClient } from '../../src/shared/client';
import { BASH, Harness, StreamRecorder, waitFor } from '../helpers/serviceHarness';
import {
  terminalState,
  viewTerminal,
  write,
  type HeadlessTerminal,
  type TerminalState,
} from '../helpers/terminalState';

const COLS = 80;
const ROWS = 24;
/** Points of the late view's stream at which the two terminals are compared (plus its end). */
const CUTS = 12;

let harness: Harness;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sluice-golden-'));
  const lines = Array.from({ length: 300 }, (_, i) => {
    const colour = 31 + (i % 7);
    return `\x1b[${colour}mline ${i}\x1b[0m \x1b[1mbold\x1b[0m ${'·'.repeat(i % 40)} ${i % 9 === 0 ? '中文字 😀' : ''}`;
  });
  writeFileSync(path.join(dir, 'colours.txt'), lines.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'code.c'),
    Array.from({ length: 120 }, (_, i) => `int f${i}(int x) { return x * ${i}; } /* comment ${i} */`).join('\n') + '\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await harness.dispose();
});

/** A terminal that follows a client's view of a session as it happens, to wait for the screen. */
class LiveScreen {
  readonly terminal: HeadlessTerminal = viewTerminal(COLS, ROWS, 10_000);
  #pending = Promise.resolve();
  /** A write that failed: every wait fails with it rather than watch a frozen screen. */
  #error: unknown;

  constructor(client: SluiceClient, session: number) {
    const feed = (data: string): void => {
      this.#pending = this.#pending
        .then(() => write(this.terminal, data))
        .catch((error: unknown) => {
          this.#error ??= error;
        });
    };
    client.on('snapshot', (event) => {
      if (event.session === session) feed(event.data);
    });
    client.on('output', (event, done) => {
      if (event.session === session) feed(event.data);
      done();
    });
  }

  text(): string {
    const buffer = this.terminal.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < ROWS; y++) rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return rows.join('\n');
  }

  async waitFor(pattern: RegExp, what: string): Promise<void> {
    await waitFor(
      () => {
        if (this.#error !== undefined) throw this.#error;
        return pattern.test(this.text());
      },
      `${what} (screen: ${JSON.stringify(this.text().slice(-300))})`,
      30_000,
    );
  }
}

interface Scenario {
  /** Everything before the fresh view joins. */
  before(type: (keys: string) => void, screen: LiveScreen): Promise<void>;
  /** What the terminal holds when the view joins: the snapshot must carry it (not a trivial state). */
  atJoin(state: TerminalState): void;
  /** Everything after; must end with the session's shell exiting. */
  after(type: (keys: string) => void, screen: LiveScreen): Promise<void>;
}

async function runGolden(scenario: Scenario): Promise<void> {
  harness = new Harness({ env: { ...process.env, HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  const first = harness.client();
  const { session } = await first.client.create({
    shell: BASH,
    args: ['--norc', '--noprofile', '-i'],
    cwd: dir,
    env: { PS1: '$ ', HISTFILE: '/dev/null' },
    cols: COLS,
    rows: ROWS,
  });
  const whole = new StreamRecorder(first.client, session);
  const screen = new LiveScreen(first.client, session);
  await first.client.attach(session);
  const type = (keys: string): void => first.client.write(session, keys);
  await screen.waitFor(/\$ $/m, 'the prompt');
  await scenario.before(type, screen);

  const late = harness.client();
  const joined = new StreamRecorder(late.client, session);
  await late.client.attach(session);
  const atJoin = viewTerminal(COLS, ROWS, 10_000);
  await write(atJoin, joined.snapshot);
  scenario.atJoin(terminalState(atJoin));
  atJoin.dispose();
  await scenario.after(type, screen);
  await Promise.all([whole.exited(), joined.exited()]);

  const all = whole.text;
  const tail = joined.text;
  expect(all.endsWith(tail)).toBe(true);
  const joinedAt = all.length - tail.length;
  expect(joinedAt).toBeGreaterThan(0);
  const scrollback = 10_000;
  for (let cut = 1; cut <= CUTS; cut++) {
    const end = Math.floor((tail.length * cut) / CUTS);
    const reference = viewTerminal(COLS, ROWS, scrollback);
    const view = viewTerminal(COLS, ROWS, scrollback);
    await write(reference, whole.snapshot + all.slice(0, joinedAt + end));
    await write(view, joined.snapshot + tail.slice(0, end));
    const expected = terminalState(reference);
    const actual = terminalState(view);
    expect(actual, `at ${end} of ${tail.length} characters after the join`).toEqual(expected);
    reference.dispose();
    view.dispose();
  }
}

describe('golden: a view that joins mid-way equals one that watched from the start', () => {
  it('vim: syntax colours, line numbers, a scroll region, insert mode, search', async () => {
    await runGolden({
      async before(type, screen) {
        type("vim -u NONE -i NONE -N --cmd 'syntax on' --cmd 'set number ruler laststatus=2' code.c\r");
        await screen.waitFor(/code\.c/, 'vim on code.c');
        type('40G');
        await screen.waitFor(/f39/, 'line 40');
      },
      atJoin(state) {
        expect(state.active).toBe('alternate');
        expect(state.modes.applicationCursorKeys).toBe(true);
        expect(state.alternate?.lines.join()).toMatch(/"[a-z]"\/1\/[1-9]\d*,/); // syntax colours
      },
      async after(type, screen) {
        type('ohello from the test\x1b');
        await screen.waitFor(/hello from the test/, 'the inserted line');
        type('/comment 7\r');
        await screen.waitFor(/comment 7/, 'the search');
        type('\x06\x06\x02'); // page down twice, up once
        type(':set list\r');
        type('gg');
        await screen.waitFor(/^\s*1 int f0/m, 'the top');
        type(':q!\r');
        await screen.waitFor(/\$ $/m, 'the prompt after vim');
        type('exit\r');
      },
    });
  });

  it('less: a coloured file, paged forwards and back, and a search', async () => {
    await runGolden({
      async before(type, screen) {
        type('less -R colours.txt\r');
        await screen.waitFor(/line 0/, 'less');
        type(' ');
        await screen.waitFor(/line 4\d/, 'the second page');
      },
      atJoin(state) {
        expect(state.active).toBe('alternate');
      },
      async after(type, screen) {
        type(' ');
        type('b');
        type('/line 2[0-9][0-9]\r');
        await screen.waitFor(/line 2\d\d/, 'the search');
        type('G');
        await screen.waitFor(/line 299/, 'the end');
        type('q');
        await screen.waitFor(/\$ $/m, 'the prompt after less');
        type('exit\r');
      },
    });
  });

  it('top: a full screen redrawn in place', async () => {
    await runGolden({
      async before(type, screen) {
        type('top -d 0.3 -n 8\r');
        await screen.waitFor(/PID\s+USER/, 'top');
      },
      atJoin(state) {
        expect(state.cursorHidden).toBe(true);
      },
      async after(_type, screen) {
        await screen.waitFor(/\$ $/m, 'the prompt after top');
        _type('exit\r');
      },
    });
  });

  it('tmux: two panes, line drawing, a status line', async () => {
    const tmux = `tmux -f /dev/null -L sluice-golden-${process.pid}`;
    const pane = "'bash --norc --noprofile'";
    await runGolden({
      async before(type, screen) {
        type(`${tmux} new-session ${pane}\r`);
        await screen.waitFor(/\[0\]/, 'the tmux status line');
        await screen.waitFor(/^bash-[\d.]+# $/m, 'the first pane');
        type('\x02:');
        await screen.waitFor(/^:\s*$/m, "tmux's command prompt");
        type(`split-window ${pane}\r`);
        await screen.waitFor(/─{20}/, 'the pane border');
        await screen.waitFor(/─{20}[^]*bash-[\d.]+# $/m, 'the second pane');
        type('ls --color=always /usr/bin | head -30; echo listed\r');
        await screen.waitFor(/─{20}[^]*^listed\s*\nbash-[\d.]+# $/m, 'the listing and the next prompt');
      },
      atJoin(state) {
        // tmux draws its panes and borders in the alternate screen, in application keypad mode.
        expect(state.active).toBe('alternate');
        expect(state.modes.applicationKeypad).toBe(true);
        expect(state.alternate?.lines.join()).toContain('"─"');
      },
      async after(type, screen) {
        type('\x02o'); // the other pane
        type('seq 1 40\r');
        await screen.waitFor(/^40\s*$/m, 'seq in the top pane');
        type('\x02:');
        await screen.waitFor(/^:\s*$/m, "tmux's command prompt");
        type('kill-server\r');
        await screen.waitFor(/^\$ $/m, 'the shell after tmux');
        type('exit\r');
      },
    });
  });

  it('a readline prompt with a long line wrapped over three rows, edited in the middle', async () => {
    await runGolden({
      async before(type, screen) {
        type(`echo ${'word '.repeat(40)}`);
        await screen.waitFor(/word word\s*$/m, 'the long line');
      },
      atJoin(state) {
        expect(state.normal.lines.filter((line) => line.startsWith('W')).length).toBeGreaterThanOrEqual(2);
        expect(state.modes.bracketedPasteMode).toBe(true);
      },
      async after(type, screen) {
        type('\x01'); // to the start
        type('\x1bf\x1bf'); // two words on
        type('INSERTED ');
        type('\x05'); // to the end
        type(' END\r');
        await screen.waitFor(/word END$/m, 'the echo');
        type('exit\r');
      },
    });
  });

  it('a coloured ls, and more scrolled into scrollback after the join', async () => {
    await runGolden({
      async before(type, screen) {
        type('ls --color=always -la /usr/lib /usr/bin | head -200; echo listing-done\r');
        await screen.waitFor(/^listing-done\s*\n\$ $/m, 'the listing');
      },
      atJoin(state) {
        expect(state.normal.cursor.ybase).toBeGreaterThan(100); // the listing went into scrollback
        expect(state.normal.lines.join()).toMatch(/"d"\/1\/\d+,/); // coloured cells
      },
      async after(type, screen) {
        type('ls --color=always -l /etc | head -80; printf "\\033[41mred background\\033[K\\033[0m\\n"\r');
        await screen.waitFor(/red background/, 'the second listing');
        type('exit\r');
      },
    });
  });
});
