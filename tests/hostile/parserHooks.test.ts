/**
 * The guards every Sluice terminal installs (src/shared/terminal/parserHooks.ts), against both
 * real builds of xterm.js 6.0.0: the headless one the mirror runs and the browser one the views
 * run (it parses without a DOM as long as it is not opened). A capped count must leave the screen
 * exactly as the full count would; an over-long payload must be dropped and leave the terminal
 * working.
 */
import headlessModule from '@xterm/headless';
import xtermModule from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { MAX_CELL_TEXT, MAX_REPEAT, MAX_STRING_PAYLOAD, MAX_TITLE_LENGTH } from '../../src/shared/terminal/emulation';
import {
  canCapCounts,
  COUNTED_SEQUENCES,
  guardHostileOutput,
  type HookableTerminal,
} from '../../src/shared/terminal/parserHooks';

interface AnyTerminal {
  readonly cols: number;
  readonly rows: number;
  readonly buffer: {
    readonly active: {
      readonly cursorX: number;
      readonly cursorY: number;
      readonly length: number;
      getLine(
        y: number,
      ):
        | { translateToString(trim: boolean): string; getCell(x: number): { getChars(): string } | undefined }
        | undefined;
    };
  };
  write(data: string, callback?: () => void): void;
  onTitleChange(listener: (title: string) => void): unknown;
  onData(listener: (data: string) => void): unknown;
  dispose(): void;
}

const BUILDS = {
  headless: (): AnyTerminal =>
    new headlessModule.Terminal({ cols: 40, rows: 12, allowProposedApi: true, logLevel: 'off' }) as AnyTerminal,
  browser: (): AnyTerminal =>
    new xtermModule.Terminal({ cols: 40, rows: 12, allowProposedApi: true, logLevel: 'off' }) as unknown as AnyTerminal,
};

const HUGE = 2_147_483_647;
/** A count of steps far past what a 40 × 12 screen can show, yet quick for xterm.js to run. */
const SATURATED_COUNT = 1000;

function write(terminal: AnyTerminal, data: string): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

/** Every line of the buffer (scrollback and screen) and the cursor. */
function state(terminal: AnyTerminal): { lines: string[]; cursor: [number, number] } {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  return { lines, cursor: [buffer.cursorX, buffer.cursorY] };
}

/**
 * Numbered lines filling more than a screen, a scroll region, the cursor in it, a tab stop set
 * mid-line: enough state that a wrong count would show.
 */
const SETUP = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\r\n') + '\x1b[3;10r\x1b[6;13H\x1bH\x1b[6;5H';

function guarded(build: () => AnyTerminal): AnyTerminal {
  const terminal = build();
  guardHostileOutput(terminal as unknown as HookableTerminal);
  return terminal;
}

describe.each(Object.entries(BUILDS))('parser guards on the %s build', (_name, build) => {
  it('reaches the internals it needs (xterm.js 6.0.0 keeps their names in its bundle)', () => {
    const terminal = build();
    expect(canCapCounts(terminal as unknown as HookableTerminal)).toBe(true);
    const parser = (terminal as unknown as { _core: { _inputHandler: { _parser: Record<string, unknown> } } })._core
      ._inputHandler._parser;
    expect(parser['_oscParser']).toBeDefined();
    expect(parser['_dcsParser']).toBeDefined();
    terminal.dispose();
  });

  it.each(COUNTED_SEQUENCES.map((sequence) => [sequence.final, sequence] as const))(
    'CSI 2^31−1 %s ends as xterm.js itself ends a count far past the bound, at once',
    async (final) => {
      const hostile = guarded(build);
      const reference = build();
      // An unguarded terminal runs a count of 1000 itself (milliseconds): far past a 40 × 12
      // screen, so its screen is what any larger count leaves. REP is capped, not saturated: its
      // reference is xterm.js repeating exactly MAX_REPEAT times.
      const count = final === 'b' ? MAX_REPEAT : SATURATED_COUNT;
      await write(hostile, `${SETUP}\x1b[${HUGE}${final}X`);
      await write(reference, `${SETUP}\x1b[${count}${final}X`);
      expect(state(hostile)).toEqual(state(reference));
      // Below the bound the guard stands aside: xterm.js runs the sequence itself.
      await write(hostile, `\x1b[2${final}Y`);
      await write(reference, `\x1b[2${final}Y`);
      expect(state(hostile)).toEqual(state(reference));
      hostile.dispose();
      reference.dispose();
    },
  );

  it('drops an OSC payload past the cap, and parses what follows as before', async () => {
    const terminal = guarded(build);
    const titles: string[] = [];
    terminal.onTitleChange((title) => titles.push(title));
    await write(terminal, `\x1b]0;first\x07\x1b]0;${'x'.repeat(MAX_STRING_PAYLOAD + 1)}\x07after`);
    await write(terminal, `\x1b]2;${'y'.repeat(MAX_STRING_PAYLOAD * 3)}`); // never terminated in this write
    await write(terminal, `${'y'.repeat(10)}\x1b\\ok\x1b]2;second\x07`);
    expect(titles).toEqual(['first', 'second']);
    expect(state(terminal).lines[0]).toBe('afterok');
    terminal.dispose();
  });

  it('ignores a title longer than MAX_TITLE_LENGTH and keeps one of that length', async () => {
    const terminal = guarded(build);
    const titles: string[] = [];
    terminal.onTitleChange((title) => titles.push(title));
    const longest = 't'.repeat(MAX_TITLE_LENGTH);
    await write(terminal, `\x1b]2;${longest}\x07\x1b]0;${longest}u\x07\x1b]1;${longest}u\x07`);
    expect(titles).toEqual([longest]);
    terminal.dispose();
  });

  it('keeps at most MAX_CELL_TEXT units in a cell, and every mark of ordinary writing', async () => {
    const terminal = guarded(build);
    const zalgo = `z${'\u0301\u0317\u0358'.repeat(7)}`; // 22 units: heavy, but writing
    await write(terminal, `a${'\u0301'.repeat(100_000)}|${zalgo}|`);
    const line = terminal.buffer.active.getLine(0);
    expect(line?.getCell(0)?.getChars()).toBe(`a${'\u0301'.repeat(MAX_CELL_TEXT - 1)}`);
    expect(line?.getCell(1)?.getChars()).toBe('|');
    expect(line?.getCell(2)?.getChars()).toBe(zalgo);
    expect(line?.getCell(3)?.getChars()).toBe('|');
    terminal.dispose();
  });
});

describe('parser guards: DCS', () => {
  it('drops a DCS payload past the cap; the next DECRQSS is answered as before', async () => {
    const terminal = guarded(BUILDS.headless);
    const replies: string[] = [];
    terminal.onData((data) => replies.push(data));
    await write(terminal, `\x1bP$q${'m'.repeat(MAX_STRING_PAYLOAD + 1)}\x1b\\after`);
    expect(replies).toEqual([]);
    await write(terminal, '\x1bP$qm\x1b\\');
    expect(replies).toEqual(['\x1bP1$r0m\x1b\\']);
    expect(state(terminal).lines[0]).toBe('after');
    terminal.dispose();
  });
});
