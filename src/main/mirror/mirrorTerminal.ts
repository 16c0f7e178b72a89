/**
 * One session's mirror: a headless xterm.js that sees every byte the program writes, in order. It is
 * the terminal the program talks to — it answers every query once, whatever the number of windows
 * (docs/terminal-queries.md) — and it is the state a new window starts from (`snapshot`).
 *
 * Runs inside a mirror worker (mirrorWorker.ts), which feeds it slices of output synchronously.
 */
import headlessModule from '@xterm/headless';
import unicode11Module from '@xterm/addon-unicode11';
import { MAX_SCROLLBACK, UNICODE_VERSION, XTVERSION_NAME } from '../../shared/terminal/emulation';
import type { TerminalTheme } from '../../shared/terminal/palette';
import { firstParam, guardHostileOutput, type HookableTerminal } from '../../shared/terminal/parserHooks';
import { ColorState } from './colorState';
import { charsetDesignators, serializeTerminal, type Cell, type Core } from './snapshotSerializer';

// Both packages are CommonJS; Node's ESM loader exposes them only as a default export.
const { Terminal } = headlessModule;
const { Unicode11Addon } = unicode11Module;
type HeadlessTerminal = InstanceType<typeof Terminal>;

export interface MirrorTerminalOptions {
  readonly cols: number;
  readonly rows: number;
  readonly scrollback: number;
  readonly theme: TerminalTheme;
}

/** What the mirror tells the session about. */
export interface MirrorTerminalEvents {
  /** The terminal's answer to a query, to be written to the program (as the keyboard would be). */
  reply(data: string): void;
  /** OSC 0/2, or (`restored`) a title popped from the title stack. */
  title(title: string, restored: boolean): void;
  /** The title was pushed on the title stack (vim does, to give it back when it exits). */
  titlePush(): void;
  bell(): void;
  /** OSC 7: the program says where it is (`file://host/path`). */
  cwd(uri: string): void;
  /** Something worth a line in the service's log (said once per session, see `#parseErrors`). */
  log(message: string): void;
}

export interface Snapshot {
  readonly data: string;
  readonly cols: number;
  readonly rows: number;
  readonly scrollback: number;
}

/** The internals the serializer and the REP cap need, reached through the public object. */
interface Internals {
  readonly _core: Core & {
    writeSync(data: string): void;
    readonly _inputHandler: { readonly _windowTitleStack?: readonly string[] };
  };
}

let designators: Map<object, string> | undefined;

/** The charset objects of this xterm.js bundle and their designating letters (built once). */
function charsetMap(): Map<object, string> {
  if (designators) return designators;
  const scratch = new Terminal({ cols: 2, rows: 1, allowProposedApi: true, logLevel: 'off' });
  const core = (scratch as unknown as Internals)._core;
  designators = charsetDesignators((letter) => {
    core.writeSync(`\x1b(${letter}`);
    return core._charsetService._charsets[0];
  });
  scratch.dispose();
  return designators;
}

/**
 * The `windowOptions` the mirror honours: the reports it can answer (xterm.js calls even a
 * registered CSI t handler only for enabled operations), and the title stack vim uses.
 */
const WINDOW_OPTIONS = {
  getWinSizeChars: true,
  getWinSizePixels: true,
  getCellSizePixels: true,
  pushTitle: true,
  popTitle: true,
} as const;

export class MirrorTerminal {
  readonly #terminal: HeadlessTerminal;
  readonly #core: Internals['_core'];
  readonly #colors: ColorState;
  readonly #events: MirrorTerminalEvents;
  readonly #scratch: Cell;
  #cwd: string | undefined;
  /** Cell size in CSS pixels, as the window that set the size measured it (for CSI 14/16 t). */
  #cell: { width: number; height: number } | undefined;
  #parseErrors = 0;
  /** A CSI 23 t is popping a title: the title change it makes is a restored one. */
  #restoring = false;

  constructor(options: MirrorTerminalOptions, events: MirrorTerminalEvents) {
    this.#events = events;
    this.#colors = new ColorState(options.theme);
    this.#terminal = new Terminal({
      cols: options.cols,
      rows: options.rows,
      scrollback: Math.min(options.scrollback, MAX_SCROLLBACK),
      allowProposedApi: true,
      windowOptions: WINDOW_OPTIONS,
      logger: {
        trace: () => undefined,
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (message: string) => this.#error(message),
      },
    });
    this.#core = (this.#terminal as unknown as Internals)._core;
    this.#scratch = this.#terminal.buffer.active.getNullCell() as unknown as Cell;
    this.#terminal.loadAddon(new Unicode11Addon());
    this.#terminal.unicode.activeVersion = UNICODE_VERSION;
    this.#terminal.onData((data) => events.reply(data));
    this.#terminal.onTitleChange((title) => {
      const restored = this.#restoring;
      this.#restoring = false;
      events.title(title, restored);
    });
    this.#terminal.onBell(() => events.bell());
    this.#installHooks();
  }

  get cols(): number {
    return this.#terminal.cols;
  }

  get rows(): number {
    return this.#terminal.rows;
  }

  /** Parses `data` now (synchronously): replies and titles fire before this returns. */
  write(data: string): void {
    this.#core.writeSync(data);
  }

  resize(cols: number, rows: number): void {
    this.#terminal.resize(cols, rows);
  }

  setCellSize(width: number, height: number): void {
    this.#cell = { width, height };
  }

  setTheme(theme: TerminalTheme): void {
    this.#colors.setTheme(theme);
  }

  setScrollback(lines: number): void {
    this.#terminal.options.scrollback = Math.min(lines, MAX_SCROLLBACK);
  }

  snapshot(): Snapshot {
    const data = serializeTerminal(this.#core, {
      colors: this.#colors.serialize(),
      cwd: this.#cwd,
      designators: charsetMap(),
      scratch: this.#scratch,
    });
    const { cols, rows, options } = this.#terminal;
    return { data, cols, rows, scrollback: options.scrollback ?? 0 };
  }

  dispose(): void {
    if (this.#parseErrors > 1) this.#events.log(`${this.#parseErrors} malformed escape sequences in all`);
    this.#terminal.dispose();
  }

  /** xterm.js reports each malformed sequence; a hostile stream has millions. Say it once, count the rest. */
  #error(message: string): void {
    if (!message.startsWith('Parsing error')) {
      this.#events.log(`xterm.js: ${message}`);
      return;
    }
    if (this.#parseErrors++ === 0) {
      this.#events.log('malformed escape sequence in the output (further ones are counted, not logged)');
    }
  }

  #installHooks(): void {
    const terminal = this.#terminal as unknown as HookableTerminal;
    const parser = terminal.parser;
    guardHostileOutput(terminal);
    const reply = (data: string): void => {
      if (data !== '') this.#events.reply(data);
    };
    // Colours: xterm.js answers these only in a browser, from its theme; the mirror knows the theme.
    parser.registerOscHandler(4, (data) => {
      reply(this.#colors.indexed(data));
      return true;
    });
    for (const offset of [0, 1, 2]) {
      parser.registerOscHandler(10 + offset, (data) => {
        reply(this.#colors.special(offset, data));
        return true;
      });
      parser.registerOscHandler(110 + offset, () => {
        this.#colors.resetSpecial(offset);
        return true;
      });
    }
    parser.registerOscHandler(104, (data) => {
      this.#colors.resetIndexed(data);
      return true;
    });
    // RIS resets the colours too; false: xterm.js's own reset runs as well.
    parser.registerEscHandler({ final: 'c' }, () => {
      this.#colors.reset();
      return false;
    });
    parser.registerOscHandler(7, (data) => {
      this.#cwd = data;
      this.#events.cwd(data);
      return true;
    });
    // XTVERSION: xterm.js has none; the answer names the emulator, as xterm's does.
    parser.registerCsiHandler({ prefix: '>', final: 'q' }, (params) => {
      if (firstParam(params, 0) === 0) reply(`\x1bP>|${XTVERSION_NAME}\x1b\\`);
      return true;
    });
    // Window reports in pixels: in a browser xterm.js asks its renderer; here the window told us.
    parser.registerCsiHandler({ final: 't' }, (params) => {
      const op = firstParam(params, 0);
      // The title stack (22: push, 23: pop; the second parameter 0 or 2 means the window title):
      // xterm.js keeps it, the service keeps whose title each entry was (titleTracker.ts).
      const window = params[1] === undefined || params[1] === 0 || params[1] === 2;
      if (op === 22 && window) this.#events.titlePush();
      if (op === 23 && window) this.#restoring = (this.#core._inputHandler._windowTitleStack?.length ?? 0) > 0;
      if (op !== 14 && op !== 16) return false;
      const cell = this.#cell;
      if (cell && op === 14 && params[1] !== 2) {
        reply(`\x1b[4;${Math.round(cell.height * this.rows)};${Math.round(cell.width * this.cols)}t`);
      } else if (cell && op === 16) {
        reply(`\x1b[6;${Math.round(cell.height)};${Math.round(cell.width)}t`);
      }
      return true;
    });
  }
}
