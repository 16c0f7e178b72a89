/**
 * The whole state of a headless xterm.js terminal as plain data, for comparing two terminals cell
 * by cell: every line of both buffers (characters, width, colours, attributes, underline style and
 * colour, hyperlink target, wrap flag), cursors, saved cursors, scroll regions, tab stops, modes,
 * character sets, the pen and the title. Reads xterm.js 6's internals, as the serializer does.
 */
import headlessModule from '@xterm/headless';
import unicode11Module from '@xterm/addon-unicode11';
import type { Attr, Buffer, Cell, Core } from '../../src/main/mirror/snapshotSerializer';
import { UNICODE_VERSION } from '../../src/shared/terminal/emulation';
import { guardHostileOutput, silenceQueries, type HookableTerminal } from '../../src/shared/terminal/parserHooks';

const { Terminal } = headlessModule;
const { Unicode11Addon } = unicode11Module;
export type HeadlessTerminal = InstanceType<typeof Terminal>;

const HAS_EXTENDED = 0x10000000;
const FLAGS = 0xfc000000;
const COLOR_MODE = 0x3000000;
const RGB = 0x3000000;

/**
 * A colour word as it shows: flags, mode and the value the mode uses. xterm.js leaves stale bits of
 * an earlier RGB colour under a later palette index (`38;2;1;2;3;38;5;4`); they paint nothing.
 */
function colorKey(word: number): number {
  const mode = word & COLOR_MODE;
  const value = mode === RGB ? word & 0xffffff : mode === 0 ? 0 : word & 0xff;
  return ((word & FLAGS) >>> 0) + mode + value;
}

/** A terminal set up as a Sluice view is (Unicode 11, queries silenced, the hostile-output guards). */
export function viewTerminal(cols: number, rows: number, scrollback: number): HeadlessTerminal {
  const terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true, logLevel: 'off' });
  terminal.loadAddon(new Unicode11Addon());
  terminal.unicode.activeVersion = UNICODE_VERSION;
  silenceQueries(terminal as unknown as HookableTerminal);
  guardHostileOutput(terminal as unknown as HookableTerminal);
  return terminal;
}

/** Writes and waits for xterm.js's parse; fails rather than hang if xterm.js never calls back. */
export function write(terminal: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`xterm.js did not finish parsing ${JSON.stringify(data.slice(0, 200))}`)),
      10_000,
    );
    terminal.write(data, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function coreOf(terminal: HeadlessTerminal): Core {
  return (terminal as unknown as { _core: Core })._core;
}

/**
 * `pen`: a pen's extended attributes always count; a cell's only with its HAS_EXTENDED flag.
 * `targets`: name a hyperlink by its target, else only say there is one (see `terminalState`).
 */
function attrKey(core: Core, attr: Attr, pen = false, targets = true): string {
  const ext = pen || attr.bg & HAS_EXTENDED ? attr.extended : undefined;
  // The link a pen prints with needs the flag (a pen can hold one hidden; see the serializer).
  const linkId = attr.bg & HAS_EXTENDED ? attr.extended.urlId : 0;
  const link = linkId ? core._oscLinkService.getLinkData(linkId) : undefined;
  // The underline style shows only with the underline flag (a pen keeps a stale one after DECRC).
  const style = ext && attr.fg & 0x10000000 ? ((ext._ext ?? ext.ext) >>> 26) & 7 : 0;
  return [
    colorKey(attr.fg),
    colorKey(attr.bg & ~HAS_EXTENDED),
    style,
    // A cell's underline colour shows only under an underline; a pen's may show with a later SGR 4.
    colorKey(ext && (pen || attr.fg & 0x10000000) ? ext.underlineColor : 0),
    // A cell whose link xterm.js has forgotten links nowhere, like one without a link.
    link && targets ? `${link.id ?? ''}|${link.uri}` : '',
  ].join(',');
}

function bufferState(core: Core, buffer: Buffer, scratch: Cell, targets: boolean) {
  const lines: string[] = [];
  for (let y = 0; y < buffer.lines.length; y++) {
    const line = buffer.lines.get(y);
    if (!line) continue;
    const cells: string[] = [];
    let previousWidth = 1;
    for (let x = 0; x < core.cols; x++) {
      const cell = line.loadCell(x, scratch);
      const width = cell.getWidth();
      // A right half without its left half (xterm.js's ICH can leave one) counts as an empty cell.
      if (width === 0 && previousWidth !== 2)
        cells.push('""/1/' + attrKey(core, { fg: 0, bg: 0, extended: cell.extended }));
      else cells.push(`${JSON.stringify(cell.getChars())}/${width}/${attrKey(core, cell, false, targets)}`);
      previousWidth = width;
    }
    lines.push(`${line.isWrapped ? 'W' : '-'} ${cells.join(' ')}`);
  }
  // A stop at or beyond the right margin (HTS while waiting to wrap) moves nothing.
  const tabs = Object.keys(buffer.tabs)
    .filter((x) => buffer.tabs[Number(x)] && Number(x) < core.cols)
    .join(',');
  // Two states the serializer documents it cannot carry, compared by what they do instead:
  // - in the alternate screen, a cursor waiting to wrap (x == cols) over an empty last cell acts
  //   like one in the last column for everything but that wrap;
  // - a saved cursor above the screen is restored to the top row, wherever above it was, and one
  //   saved while waiting to wrap is restored into the last column (DECRC keeps it on the screen).
  const row = buffer.lines.get(buffer.ybase + buffer.y);
  const last = row?.loadCell(core.cols - 1, scratch);
  const unprintable = last !== undefined && (last.content & 0x3fffff) === 0 && last.getWidth() === 1;
  const x = buffer === core.buffers.alt && buffer.x >= core.cols && unprintable ? core.cols - 1 : buffer.x;
  return {
    lines,
    cursor: { x, y: buffer.y, ybase: buffer.ybase },
    region: [buffer.scrollTop, buffer.scrollBottom],
    saved: {
      x: Math.min(buffer.savedX, core.cols - 1),
      y: Math.max(buffer.savedY - buffer.ybase, 0),
      attr: attrKey(core, buffer.savedCurAttrData, true),
    },
    tabs,
  };
}

export type TerminalState = ReturnType<typeof terminalState>;

/**
 * `targets`: compare hyperlinks. After more output they are left out: xterm.js forgets a link's
 * target with the lines it was printed on in separate print calls, and a rebuilt view printed it
 * in other calls (documented in the serializer); whether it still knows is its bookkeeping.
 */
export function terminalState(terminal: HeadlessTerminal, targets = true) {
  const core = coreOf(terminal);
  const scratch = terminal.buffer.active.getNullCell() as unknown as Cell;
  const alt = core.buffers.active === core.buffers.alt;
  return {
    size: [core.cols, core.rows],
    active: alt ? 'alternate' : 'normal',
    normal: bufferState(core, core.buffers.normal, scratch, targets),
    // The alternate buffer's contents only matter while it is shown (it is cleared on entry).
    alternate: alt ? bufferState(core, core.buffers.alt, scratch, targets) : null,
    modes: { ...core.coreService.decPrivateModes, insert: core.coreService.modes.insertMode },
    mouse: [core.coreMouseService.activeProtocol, core.coreMouseService.activeEncoding],
    cursorHidden: core.coreService.isCursorHidden,
    charsets: {
      glevel: core._charsetService.glevel,
      sets: [0, 1, 2, 3].map((g) => Object.keys(core._charsetService._charsets[g] ?? {}).join('')).join('|'),
    },
    pen: attrKey(core, core._inputHandler._curAttrData, true, targets),
    title: core._inputHandler._windowTitle,
    convertEol: core.optionsService.rawOptions.convertEol,
  };
}

/**
 * The states the serializer documents it cannot carry exactly (src/main/mirror/snapshotSerializer.ts):
 * while the reference is in one of them, output that follows may go differently, so a comparison
 * after more output is meaningless — the state itself is still compared.
 */
export function hasKnownGap(terminal: HeadlessTerminal): boolean {
  const core = coreOf(terminal);
  const buffer = core.buffers.active;
  if (buffer.x < core.cols) return false;
  // A cursor waiting to wrap: in the alternate screen over an empty last cell, or with a charset
  // in use that DECRC restored (see the serializer).
  const scratch = terminal.buffer.active.getNullCell() as unknown as Cell;
  const last = buffer.lines.get(buffer.ybase + buffer.y)?.loadCell(core.cols - 1, scratch);
  const emptyLast = last !== undefined && (last.content & 0x3fffff) === 0 && last.getWidth() === 1;
  const { charset, glevel, _charsets: designated } = core._charsetService;
  return (buffer === core.buffers.alt && emptyLast) || charset !== designated[glevel];
}
