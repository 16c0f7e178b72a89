/**
 * Serializes a whole headless xterm.js terminal into the bytes that rebuild it in a fresh one: the
 * normal screen with its scrollback, the alternate screen with the normal one under it, every
 * cell's characters (wide and combining too), colours, attributes, underline style and colour and
 * OSC 8 hyperlink, wrapped lines, the cursor (also in its pending-wrap state), the pen, the saved
 * cursors, scroll regions, tab stops, character sets and every mode a program can set.
 *
 * Why not `@xterm/addon-serialize`? It carries cells and a few modes, but not hyperlinks, underline
 * styles and colours, the scroll region, the cursor's style and visibility, saved cursors, charsets
 * or the mouse encoding, and it writes 256-colour indices below 16 as the 16-colour form — so a
 * view rebuilt from it drifts from the session as soon as the program relies on any of them (vim's
 * scroll region, tmux's line drawing). The golden test (tests/service/golden.test.ts) compares a
 * rebuilt view with the real thing cell by cell.
 *
 * What it reads beyond xterm.js's public API is typed below (`Core` and friends) and pinned to
 * xterm.js 6.0.0 by that test. Not carried: the title stack (views take titles from the service),
 * the DEC protected attribute, a saved cursor's character set beyond G0, a hyperlink a pen holds
 * hidden after DECRC (see `urlIdOf`), a saved cursor above the screen (it is kept on the top row,
 * where restoring it puts the cursor in both), a cursor waiting to wrap (x == cols) over an empty
 * last cell of the alternate screen (it is put in the last column instead), what REP would repeat
 * where reprinting it would change something (see `lastPrint`), a right half of a wide character
 * left without its left half (xterm.js's ICH can leave one; it becomes an empty cell), and how long
 * xterm.js remembers a hyperlink's target (it forgets it with the line the link was opened on).
 */

/** SGR flag bits of a cell's `fg` and `bg` words (xterm.js src/common/buffer/Constants.ts). */
const Fg = {
  INVERSE: 0x4000000,
  BOLD: 0x8000000,
  UNDERLINE: 0x10000000,
  BLINK: 0x20000000,
  INVISIBLE: 0x40000000,
  STRIKETHROUGH: 0x80000000,
} as const;
const Bg = { ITALIC: 0x4000000, DIM: 0x8000000, HAS_EXTENDED: 0x10000000, OVERLINE: 0x40000000 } as const;
const COLOR_MODE_MASK = 0x3000000;
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;
const RGB_MASK = 0xffffff;
/** The colour part of a word: mode and value, no flags. */
const COLOR_MASK = COLOR_MODE_MASK | RGB_MASK;
const UNDERLINE_STYLE_MASK = 0x1c000000;
const UNDERLINE_STYLE_SHIFT = 26;
const HAS_CONTENT_MASK = 0x3fffff;

export interface Extended {
  readonly _ext?: number;
  readonly ext: number;
  readonly underlineColor: number;
  readonly urlId: number;
}

export interface Attr {
  readonly fg: number;
  readonly bg: number;
  readonly extended: Extended;
}

export interface Cell extends Attr {
  readonly content: number;
  getChars(): string;
  getWidth(): number;
}

export interface Line {
  readonly isWrapped: boolean;
  loadCell(x: number, cell: Cell): Cell;
}

export interface Buffer {
  readonly lines: { readonly length: number; readonly maxLength: number; get(index: number): Line | undefined };
  readonly x: number;
  readonly y: number;
  readonly ybase: number;
  readonly scrollTop: number;
  readonly scrollBottom: number;
  readonly savedX: number;
  readonly savedY: number;
  readonly savedCurAttrData: Attr;
  readonly savedCharset: object | undefined;
  readonly tabs: Readonly<Record<number, boolean | undefined>>;
}

/** The internals of an xterm.js 6 terminal (`terminal._core`) that a snapshot needs. */
export interface Core {
  readonly cols: number;
  readonly rows: number;
  readonly buffers: { readonly normal: Buffer; readonly alt: Buffer; readonly active: Buffer };
  readonly _inputHandler: {
    readonly _curAttrData: Attr;
    readonly _windowTitle: string;
    readonly _iconName: string;
    readonly _parser?: { readonly precedingJoinState: number };
  };
  readonly coreService: {
    readonly isCursorHidden: boolean;
    readonly modes: { readonly insertMode: boolean };
    readonly decPrivateModes: {
      readonly applicationCursorKeys: boolean;
      readonly applicationKeypad: boolean;
      readonly bracketedPasteMode: boolean;
      readonly cursorBlink: boolean | undefined;
      readonly cursorStyle: 'block' | 'underline' | 'bar' | undefined;
      readonly origin: boolean;
      readonly reverseWraparound: boolean;
      readonly sendFocus: boolean;
      readonly wraparound: boolean;
    };
  };
  readonly coreMouseService: { readonly activeProtocol: string; readonly activeEncoding: string };
  readonly _charsetService: {
    readonly glevel: number;
    readonly _charsets: readonly (object | undefined)[];
    /** The charset printing translates with (GL): normally `_charsets[glevel]`, but see `serializeTerminal`. */
    readonly charset: object | undefined;
  };
  readonly optionsService: {
    readonly rawOptions: { readonly convertEol: boolean; readonly cursorBlink: boolean; readonly tabStopWidth: number };
  };
  readonly _oscLinkService: { getLinkData(id: number): { readonly id?: string; readonly uri: string } | undefined };
}

/** What the terminal does not hold itself but a snapshot must carry (the mirror tracks them). */
export interface SnapshotExtras {
  /** OSC 4/10/11/12 sets for the colours the program changed (ColorState.serialize()). */
  readonly colors: string;
  /** The last OSC 7 payload (`file://host/path`), if any. */
  readonly cwd: string | undefined;
  /** The designator of each charset object xterm.js uses (`ESC ( 0` → '0'); see charsetDesignators. */
  readonly designators: ReadonlyMap<object, string>;
  /** A cell to load lines into (`terminal.buffer.active.getNullCell()`). */
  readonly scratch: Cell;
}

const MOUSE_PROTOCOLS: Readonly<Record<string, number>> = { X10: 9, VT200: 1000, DRAG: 1002, ANY: 1003 };
const MOUSE_ENCODINGS: Readonly<Record<string, number>> = { SGR: 1006, SGR_PIXELS: 1016 };
const CURSOR_STYLES = { block: 1, underline: 3, bar: 5 } as const;
/** ESC intermediates designating G0..G3. */
const G_INTERMEDIATES = ['(', ')', '*', '+'] as const;
/** Locking shifts into GL: LS0 (SI), LS1 (SO), LS2 (ESC n), LS3 (ESC o). */
const GL_SHIFTS = ['\x0f', '\x0e', '\x1bn', '\x1bo'] as const;

function colorParams(word: number, base: 30 | 40): number[] {
  const value = word & RGB_MASK;
  // A palette colour uses the low byte; xterm.js may leave an earlier RGB colour's bits above it.
  const index = word & 0xff;
  switch (word & COLOR_MODE_MASK) {
    case CM_P16:
      return [index < 8 ? base + index : base + 60 + index - 8];
    case CM_P256:
      return [base + 8, 5, index];
    case CM_RGB:
      return [base + 8, 2, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    default:
      return [];
  }
}

/**
 * Whether `attr.extended` holds its attributes. A cell's does only when its HAS_EXTENDED flag is set
 * (otherwise the loaded object is a stale one); the pen's always does, and it may hold an underline
 * colour with no underline yet (`SGR 58` before `SGR 4`), when the flag is still clear.
 */
function extendedOf(attr: Attr, pen: boolean): Extended | undefined {
  return pen || attr.bg & Bg.HAS_EXTENDED ? attr.extended : undefined;
}

function underlineStyleOf(attr: Attr, pen: boolean): number {
  const extended = extendedOf(attr, pen);
  if (!extended) return 1;
  // `ext` reports a hyperlink's cells as dashed; `_ext` holds what the program set.
  const raw = extended._ext ?? extended.ext;
  return (raw & UNDERLINE_STYLE_MASK) >>> UNDERLINE_STYLE_SHIFT || 1;
}

/**
 * `CSI 0;… m` that sets exactly `attr`'s colours and flags (SGR 0 leaves the hyperlink alone);
 * `pen`: `attr` is a pen (current or saved), not a cell (see `extendedOf`).
 */
export function sgrOf(attr: Attr, pen = false): string {
  const { fg, bg } = attr;
  const params = [0];
  if (fg & Fg.BOLD) params.push(1);
  if (bg & Bg.DIM) params.push(2);
  if (bg & Bg.ITALIC) params.push(3);
  if (fg & Fg.UNDERLINE) {
    const style = underlineStyleOf(attr, pen);
    params.push(style === 1 ? 4 : -style); // negative: written as the sub-parameter 4:style below
  }
  if (fg & Fg.BLINK) params.push(5);
  if (fg & Fg.INVERSE) params.push(7);
  if (fg & Fg.INVISIBLE) params.push(8);
  if (fg & Fg.STRIKETHROUGH) params.push(9);
  if (bg & Bg.OVERLINE) params.push(53);
  params.push(...colorParams(fg, 30), ...colorParams(bg, 40));
  const extended = extendedOf(attr, pen);
  if (extended) {
    const underline = extended.underlineColor;
    if ((underline & COLOR_MODE_MASK) === CM_RGB) {
      params.push(58, 2, (underline >>> 16) & 0xff, (underline >>> 8) & 0xff, underline & 0xff);
    } else if ((underline & COLOR_MODE_MASK) !== 0) {
      params.push(58, 5, underline & 0xff);
    }
  }
  return `\x1b[${params.map((p) => (p < 0 ? `4:${-p}` : String(p))).join(';')}m`;
}

/**
 * The hyperlink `attr` prints with: only with the HAS_EXTENDED flag, also for a pen. (A pen can hold
 * a link with the flag clear — xterm.js's DECRC restores fg/bg but not the link — which a later SGR
 * 0 would revive; that hidden link is not carried.)
 */
function urlIdOf(attr: Attr): number {
  return attr.bg & Bg.HAS_EXTENDED ? attr.extended.urlId : 0;
}

/** The part of an attribute that SGR sets; equal keys need no new SGR. */
function styleKeyOf(attr: Attr, pen = false): string {
  const extended = extendedOf(attr, pen);
  const underline = attr.fg & Fg.UNDERLINE ? underlineStyleOf(attr, pen) : 0;
  // `>>> 0`: a pen's words can be negative (JS bit operations), a cell's are unsigned.
  return `${attr.fg >>> 0}:${(attr.bg & ~Bg.HAS_EXTENDED) >>> 0}:${underline}:${extended?.underlineColor ?? 0}`;
}

const DEFAULT_STYLE = styleKeyOf({ fg: 0, bg: 0, extended: { ext: 0, underlineColor: 0, urlId: 0 } });

/** Builds the output and remembers the pen it has set, so SGR and OSC 8 go out only on change. */
class Writer {
  out = '';
  #style = DEFAULT_STYLE;
  /** The pen's background colour (mode and value): what a scrolled-in or erased line is filled with. */
  #bg = 0;
  #link = 0;
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /** Sets the pen to `attr`'s; `pen`: `attr` is a pen, not a cell (see `extendedOf`). */
  pen(attr: Attr, pen = false): void {
    const style = styleKeyOf(attr, pen);
    if (style !== this.#style) {
      this.out += sgrOf(attr, pen);
      this.#style = style;
      this.#bg = attr.bg & COLOR_MASK;
    }
    this.link(urlIdOf(attr));
  }

  /** The terminal's pen changed behind the writer's back (DECRC): set the next one in full. */
  forget(): void {
    this.#style = '';
    this.#link = -1;
  }

  /** A plain pen: colours and flags reset (the hyperlink is separate, as in xterm). */
  resetStyle(): void {
    if (this.#style === DEFAULT_STYLE) return;
    this.out += '\x1b[0m';
    this.#style = DEFAULT_STYLE;
    this.#bg = 0;
  }

  /** A pen with only a background colour, as erased cells have. */
  background(bgColor: number): void {
    if (bgColor === 0) {
      this.resetStyle();
      return;
    }
    this.pen({ fg: 0, bg: bgColor, extended: { ext: 0, underlineColor: 0, urlId: this.#link } });
  }

  link(urlId: number): void {
    if (urlId === this.#link) return;
    const data = urlId === 0 ? undefined : this.#core._oscLinkService.getLinkData(urlId);
    this.out += data ? `\x1b]8;${data.id === undefined ? '' : `id=${data.id}`};${data.uri}\x1b\\` : '\x1b]8;;\x1b\\';
    this.#link = data ? urlId : 0;
  }

  get hasBackground(): boolean {
    return this.#bg !== 0;
  }
}

function isEmpty(cell: Cell): boolean {
  return (cell.content & HAS_CONTENT_MASK) === 0;
}

/**
 * An empty cell whose attributes an erase cannot give it: erases (ECH, EL) leave a background
 * colour and nothing else, but xterm.js also empties cells with the whole pen — the other half of
 * a wide character that was half overwritten, the rest of a line a wide character wrapped from.
 */
function isMarkedEmpty(cell: Cell): boolean {
  return (
    isEmpty(cell) &&
    cell.getWidth() === 1 &&
    (cell.fg !== 0 || (cell.bg & ~COLOR_MASK & ~Bg.HAS_EXTENDED) !== 0 || urlIdOf(cell) !== 0)
  );
}

/** Writes the cells of one buffer, top to bottom, so that lines scroll into scrollback as they did. */
class LineWriter {
  readonly #w: Writer;
  readonly #cols: number;
  readonly #cell: Cell;
  /** The line being written came in by a scroll while the pen had a background: it is filled with it. */
  #filled = false;

  constructor(writer: Writer, cols: number, scratch: Cell) {
    this.#w = writer;
    this.#cols = cols;
    this.#cell = scratch;
  }

  writeLines(buffer: Buffer): void {
    const { length } = buffer.lines;
    this.#filled = false;
    /** The first character of the next line wraps into it (and may scroll a new line in). */
    let wrapping = false;
    const first = buffer.lines.get(0);
    /** The first line continues one that is gone: scrolled off, deleted or trimmed. */
    const orphanWrap = first?.isWrapped === true;
    if (orphanWrap && first) {
      // Give it a line to continue: a placeholder line written first and wrapped into it. In a full
      // buffer the placeholder is trimmed off the top like the original; otherwise it is scrolled
      // away (SU) once the first line is written, which leaves the flag behind all the same.
      this.#w.out += 'x'.repeat(this.#cols);
      if (isEmpty(first.loadCell(0, this.#cell))) this.#w.out += 'x\x1b[1G\x1b[X';
      else wrapping = true;
    }
    const full = length === buffer.lines.maxLength;
    for (let y = 0; y < length; y++) {
      const line = buffer.lines.get(y);
      if (!line) continue;
      let touched = this.#writeCells(line, wrapping);
      if (y === 0 && orphanWrap && !full) {
        this.#w.resetStyle();
        this.#w.out += '\x1b[S\x1b[A';
        touched = true;
      }
      const next = y + 1 < length ? buffer.lines.get(y + 1) : undefined;
      wrapping = false;
      if (!next) continue;
      if (next.isWrapped) wrapping = this.#wrapInto(line, next, touched);
      else this.#newLine();
    }
  }

  #newLine(): void {
    this.#w.resetStyle();
    this.#w.out += '\r\n';
    this.#filled = false;
  }

  /**
   * Writes the cells of `line`; empty cells become cursor moves, or erases where the line holds a
   * background. `wrapping`: the first character printed wraps into this line, and if that scrolls,
   * the new line is filled with that character's background. Returns whether marked empty cells
   * were restored afterwards (the cursor is then not at the end of the line).
   */
  #writeCells(line: Line, wrapping: boolean): boolean {
    const cols = this.#cols;
    const cell = this.#cell;
    let emptyRun = 0;
    let emptyBg = 0;
    const marked: number[] = [];
    const flushEmpty = (atEnd: boolean): void => {
      if (emptyRun === 0) return;
      if (emptyBg !== 0 || this.#filled) {
        this.#w.background(emptyBg);
        this.#w.out += emptyRun === 1 ? '\x1b[X' : `\x1b[${emptyRun}X`;
      }
      if (!atEnd) this.#w.out += emptyRun === 1 ? '\x1b[C' : `\x1b[${emptyRun}C`;
      emptyRun = 0;
    };
    let touched = false;
    let previousWidth = 1;
    for (let x = 0; x < cols; x++) {
      line.loadCell(x, cell);
      const width = cell.getWidth();
      const orphan = width === 0 && previousWidth !== 2;
      previousWidth = width;
      if (width === 0 && !orphan) continue; // the right half of a wide character
      if (orphan) {
        // A right half without its left half (xterm.js's ICH can leave one): an empty cell here.
        if (emptyRun > 0 && emptyBg !== 0) flushEmpty(false);
        emptyBg = 0;
        emptyRun += 1;
        continue;
      }
      if (width === 2 && x === cols - 2 && line.loadCell(cols - 1, cell).getWidth() !== 0) {
        // A wide character in the last two columns whose right half was printed over with
        // autowrap off (xterm.js then writes the last column without clearing the wide one).
        flushEmpty(false);
        this.#w.out += '\x1b[?7l';
        this.#printCell(line, x);
        this.#printCell(line, x + 1);
        this.#w.out += '\x1b[?7h';
        touched = true;
        break;
      }
      line.loadCell(x, cell);
      if (isEmpty(cell)) {
        if (isMarkedEmpty(cell)) marked.push(x);
        const bg = cell.bg & COLOR_MASK;
        if (emptyRun > 0 && bg !== emptyBg) flushEmpty(false);
        emptyBg = bg;
        emptyRun += width;
        continue;
      }
      flushEmpty(false);
      this.#w.pen(cell);
      if (wrapping) {
        this.#filled = this.#w.hasBackground;
        wrapping = false;
      }
      this.#w.out += cell.getChars();
    }
    flushEmpty(true);
    for (const x of marked) this.#restoreMarked(line, x);
    return touched || marked.length > 0;
  }

  #printCell(line: Line, x: number): void {
    const cell = line.loadCell(x, this.#cell);
    this.#w.pen(cell);
    this.#w.out += isEmpty(cell) ? ' ' : cell.getChars();
  }

  /**
   * Gives the empty cell at `x` its whole pen, the way xterm.js does it: the other half of a wide
   * character printed over it is emptied with the pen that prints. Then the cell next to it, which
   * the trick overwrote, is put back. The cursor is on this line; it is left anywhere on it.
   */
  #restoreMarked(line: Line, x: number): void {
    const cols = this.#cols;
    const pen = (): void => this.#w.pen(line.loadCell(x, this.#cell));
    if (x < cols - 1) {
      // A wide character at x, then a narrow one over its right half: x is emptied with the pen.
      this.#w.out += `\x1b[${x + 1}G`;
      pen();
      this.#w.out += `中\x1b[${x + 2}Gx`;
      this.#restoreCell(line, x + 1);
    } else if (cols >= 3) {
      // At the last column: a wide character ending there, then a narrow one over its left half
      // empties its right half with the pen.
      this.#w.resetStyle();
      this.#w.out += `\x1b[${cols - 1}G中\x1b[${cols - 1}G`;
      pen();
      this.#w.out += 'x';
      this.#restoreCell(line, cols - 2);
    }
  }

  /** Puts cell `x` (or the wide character it is the right half of) back as it is in `line`. */
  #restoreCell(line: Line, x: number): void {
    const cell = line.loadCell(x, this.#cell);
    const start = cell.getWidth() === 0 && x > 0 ? x - 1 : x;
    const source = line.loadCell(start, this.#cell);
    this.#w.out += `\x1b[${start + 1}G`;
    if (!isEmpty(source)) {
      this.#w.pen(source);
      this.#w.out += source.getChars();
    } else if (!isMarkedEmpty(source)) {
      this.#w.background(source.bg & COLOR_MASK);
      this.#w.out += '\x1b[X';
    }
    // A marked empty cell is restored in its own turn (marked cells are restored left to right).
  }

  /**
   * `next` continues `line` (a soft wrap). Printing the last column and then the next character
   * wraps naturally; when either of those cells is empty, or the cursor is elsewhere (`touched`), a
   * wrap is forced with two placeholder characters that are put back right after. Returns whether
   * the next line's first character does the wrapping.
   */
  #wrapInto(line: Line, next: Line, touched: boolean): boolean {
    const cols = this.#cols;
    const cell = this.#cell;
    const nextFirst = next.loadCell(0, cell);
    const nextEmpty = isEmpty(nextFirst);
    const nextWide = nextFirst.getWidth() === 2;
    line.loadCell(cols - 1, cell);
    const lastEmpty = isEmpty(cell) && cell.getWidth() === 1;
    const lastIsWideHalf = cell.getWidth() === 0;
    if (!touched && !nextEmpty && (!lastEmpty || lastIsWideHalf)) return true;
    if (!touched && !nextEmpty && nextWide && lastEmpty && !this.#secondLastEmpty(line)) {
      // A wide character that did not fit: xterm wraps it and empties the last cell with the pen.
      this.#w.out += `\x1b[${cols}G`;
      return true;
    }
    // Forced: placeholders at the last column and the next line's first, then put both cells back.
    this.#w.resetStyle();
    this.#w.out += `\x1b[${cols}Gxx\x1b[1G\x1b[X`;
    this.#filled = false;
    this.#w.out += '\x1b[A';
    const last = line.loadCell(cols - 1, cell);
    if (isMarkedEmpty(last)) this.#restoreMarked(line, cols - 1);
    else this.#restoreCell(line, cols - 1);
    this.#w.out += '\x1b[B\x1b[1G';
    return false;
  }

  #secondLastEmpty(line: Line): boolean {
    const cell = line.loadCell(this.#cols - 2, this.#cell);
    return isEmpty(cell) && cell.getWidth() === 1;
  }
}

/**
 * Maps each charset object of xterm.js to the letter that designates it. Charsets are module
 * singletons, so designating each candidate once in a scratch terminal (`designate(letter)` returns
 * the G0 object it produced) builds the map for every terminal of that bundle.
 */
export function charsetDesignators(designate: (letter: string) => object | undefined): Map<object, string> {
  const map = new Map<object, string>();
  // Every final xterm.js 6 registers for ESC ( F (src/common/data/Charsets.ts).
  for (const letter of '0AB4C5RQKY6ZH7=f9E') {
    const charset = designate(letter);
    if (charset && !map.has(charset)) map.set(charset, letter);
  }
  return map;
}

function cup(row: number, col: number): string {
  return `\x1b[${row + 1};${col + 1}H`;
}

function scrollRegion(core: Core, buffer: Buffer): string {
  if (buffer.scrollTop === 0 && buffer.scrollBottom === core.rows - 1) return '';
  return `\x1b[${buffer.scrollTop + 1};${buffer.scrollBottom + 1}r`;
}

function tabStops(core: Core, buffer: Buffer): string {
  const width = core.optionsService.rawOptions.tabStopWidth;
  let custom = false;
  for (let x = 0; x < core.cols && !custom; x++) custom = Boolean(buffer.tabs[x]) !== (x % width === 0);
  if (!custom) return '';
  let out = '\x1b[3g';
  for (let x = 0; x < core.cols; x++) if (buffer.tabs[x]) out += `\x1b[1;${x + 1}H\x1bH`;
  return out;
}

/** Designates `charset` into G0 and shifts G0 into GL (for a saved cursor's charset). */
function selectCharset(charset: object | undefined, designators: ReadonlyMap<object, string>): string {
  const letter = charset === undefined ? 'B' : (designators.get(charset) ?? 'B');
  return `\x1b(${letter}\x0f`;
}

function isDefaultPen(attr: Attr): boolean {
  return styleKeyOf(attr, true) === DEFAULT_STYLE && urlIdOf(attr) === 0;
}

/** The buffer's DECSC state, when it holds anything but the defaults. */
function savedCursor(core: Core, buffer: Buffer, w: Writer, extras: SnapshotExtras): void {
  const row = buffer.savedY - buffer.ybase;
  if (buffer.savedX === 0 && buffer.savedY === 0 && isDefaultPen(buffer.savedCurAttrData) && !buffer.savedCharset) {
    return;
  }
  w.out += cup(Math.max(0, Math.min(row, core.rows - 1)), Math.min(buffer.savedX, core.cols - 1));
  w.pen(buffer.savedCurAttrData, true);
  if (buffer.savedCharset) w.out += selectCharset(buffer.savedCharset, extras.designators);
  w.out += '\x1b7';
}

/**
 * A wide character in the last two columns whose right half was printed over with autowrap off:
 * xterm.js then writes the last column without clearing the wide one (see LineWriter), and any
 * later print into the last column would clear it.
 */
function hasBrokenWideEnd(core: Core, line: Line, scratch: Cell): boolean {
  return (
    line.loadCell(core.cols - 2, scratch).getWidth() === 2 && line.loadCell(core.cols - 1, scratch).getWidth() !== 0
  );
}

/** The cell before the cursor a reprint would print (the start of a wide character), if it has one. */
function cellBefore(core: Core, buffer: Buffer, scratch: Cell): { x: number; cell: Cell } | undefined {
  const line = buffer.lines.get(buffer.ybase + buffer.y);
  if (!line || buffer.x === 0) return undefined;
  let x = Math.min(buffer.x, core.cols) - 1;
  if (line.loadCell(x, scratch).getWidth() === 0 && x > 0) x--;
  const cell = line.loadCell(x, scratch);
  return isEmpty(cell) ? undefined : { x, cell };
}

/**
 * Puts the cursor where it is. A cursor waiting to wrap (x == cols) is made by reprinting the
 * last cell, or, when that cell cannot be printed (it is empty), by xterm.js's own rule that
 * leaving the alternate screen gives the normal one the alternate cursor: the cursor is made to
 * wait there, and comes back with it. `top`: the row CUP counts from (origin mode).
 */
function cursor(core: Core, buffer: Buffer, w: Writer, extras: SnapshotExtras, top: number): void {
  if (buffer.x < core.cols) {
    w.out += cup(buffer.y - top, buffer.x);
    return;
  }
  const line = buffer.lines.get(buffer.ybase + buffer.y);
  if (line && hasBrokenWideEnd(core, line, extras.scratch)) {
    // Both last cells again, the way they were made: with autowrap off.
    w.out += `${cup(buffer.y - top, core.cols - 2)}\x1b[?7l`;
    for (const x of [core.cols - 2, core.cols - 1]) {
      const cell = line.loadCell(x, extras.scratch);
      w.pen(cell);
      w.out += isEmpty(cell) ? ' ' : cell.getChars();
    }
    w.out += '\x1b[?7h';
    return;
  }
  const before = cellBefore(core, buffer, extras.scratch);
  if (before && before.x + before.cell.getWidth() === core.cols) {
    w.out += cup(buffer.y - top, before.x);
    w.pen(before.cell);
    w.out += before.cell.getChars();
  } else if (buffer === core.buffers.normal) {
    w.resetStyle();
    w.out += `\x1b[?47h${cup(buffer.y - top, core.cols - 1)}x\x1b[?47l`;
  } else {
    w.out += cup(buffer.y - top, core.cols - 1);
  }
}

/**
 * xterm.js lets REP repeat the character printed last, if nothing but printing came after it. When
 * the program's last act was such a print, the snapshot ends the same way: it prints that cell
 * again, last of all (the cell is already what it was, and the cursor ends where it is). Not when
 * the reprint would differ: insert mode shifts, a non-ASCII charset translates, another pen.
 */
function lastPrint(core: Core, w: Writer, extras: SnapshotExtras): void {
  const buffer = core.buffers.active;
  const parser = core._inputHandler._parser;
  if (!parser?.precedingJoinState || core.coreService.modes.insertMode) return;
  const line = buffer.lines.get(buffer.ybase + buffer.y);
  if (!line || hasBrokenWideEnd(core, line, extras.scratch)) return;
  const before = cellBefore(core, buffer, extras.scratch);
  if (!before || before.x + before.cell.getWidth() !== Math.min(buffer.x, core.cols)) return;
  // Printing with the pen must give the cell it has (a pen's hidden extended attributes print nothing).
  const pen = core._inputHandler._curAttrData;
  if (styleKeyOf(before.cell) !== styleKeyOf(pen) || urlIdOf(before.cell) !== urlIdOf(pen)) return;
  const chars = before.cell.getChars();
  if (core._charsetService.charset !== undefined && /[\x20-\x7e]/.test(chars)) return;
  const top = core.coreService.decPrivateModes.origin ? buffer.scrollTop : 0;
  w.out += cup(buffer.y - top, before.x) + chars;
}

function charsets(core: Core, designators: ReadonlyMap<object, string>): string {
  let out = '';
  core._charsetService._charsets.forEach((charset, g) => {
    if (charset === undefined) return;
    const letter = designators.get(charset);
    if (letter !== undefined && letter !== 'B') out += `\x1b${G_INTERMEDIATES[g] ?? '('}${letter}`;
  });
  const glevel = core._charsetService.glevel;
  if (glevel !== 0) out += GL_SHIFTS[glevel] ?? '';
  return out;
}

function modes(core: Core): string {
  const dec = core.coreService.decPrivateModes;
  const mouse = core.coreMouseService;
  let out = '';
  if (dec.applicationCursorKeys) out += '\x1b[?1h';
  if (dec.applicationKeypad) out += '\x1b[?66h';
  if (dec.bracketedPasteMode) out += '\x1b[?2004h';
  if (core.coreService.modes.insertMode) out += '\x1b[4h';
  if (dec.reverseWraparound) out += '\x1b[?45h';
  if (dec.sendFocus) out += '\x1b[?1004h';
  if (!dec.wraparound) out += '\x1b[?7l';
  const protocol = MOUSE_PROTOCOLS[mouse.activeProtocol];
  if (protocol !== undefined) out += `\x1b[?${protocol}h`;
  const encoding = MOUSE_ENCODINGS[mouse.activeEncoding];
  if (encoding !== undefined) out += `\x1b[?${encoding}h`;
  if (core.coreService.isCursorHidden) out += '\x1b[?25l';
  if (dec.cursorStyle !== undefined) {
    out += `\x1b[${CURSOR_STYLES[dec.cursorStyle] + (dec.cursorBlink === false ? 1 : 0)} q`;
  }
  if (core.optionsService.rawOptions.cursorBlink) out += '\x1b[?12h';
  if (core.optionsService.rawOptions.convertEol) out += '\x1b[20h';
  return out;
}

/** Strings that end an OSC: a payload holding ESC or BEL would end it early, so it is not carried. */
function oscString(ident: number, payload: string): string {
  return payload === '' || payload.includes('\x07') || payload.includes('\x1b') ? '' : `\x1b]${ident};${payload}\x1b\\`;
}

/** The bytes that make a fresh terminal of the same size and scrollback equal to `core`'s. */
export function serializeTerminal(core: Core, extras: SnapshotExtras): string {
  const w = new Writer(core);
  w.out += extras.colors;
  const { normal, alt, active } = core.buffers;
  const lines = new LineWriter(w, core.cols, extras.scratch);
  lines.writeLines(normal);
  if (active === alt) {
    // The normal screen's own state (its saved cursor, where its cursor is), then the switch:
    // `?47h` switches without saving, so the saved cursor stays the one just restored.
    w.out += scrollRegion(core, normal) + tabStops(core, normal);
    savedCursor(core, normal, w, extras);
    w.out += '\x1b(B\x0f';
    cursor(core, normal, w, extras, 0);
    w.resetStyle();
    w.link(0);
    w.out += `\x1b[?47h\x1b[H`;
    lines.writeLines(alt);
    w.out += scrollRegion(core, alt) + tabStops(core, alt);
    savedCursor(core, alt, w, extras);
  } else {
    w.out += scrollRegion(core, normal) + tabStops(core, normal);
    savedCursor(core, normal, w, extras);
  }
  w.resetStyle();
  w.out += '\x1b(B\x0f'; // plain G0 in GL for the cursor's reprint; the real charsets follow
  const origin = core.coreService.decPrivateModes.origin;
  if (origin) w.out += '\x1b[?6h';
  const top = origin ? active.scrollTop : 0;
  cursor(core, active, w, extras, top);
  w.pen(core._inputHandler._curAttrData, true);
  w.out += charsets(core, extras.designators);
  // DECRC restores the charset printing uses without touching G0–G3, so after one the two can
  // differ: the saved charset is in use. The same DECRC (the saved state is already in place)
  // makes it so here; the cursor and pen it also restores are then set again. (A cursor waiting
  // to wrap cannot be set again after it: then this is not carried.)
  const { charset, glevel, _charsets: designated } = core._charsetService;
  if (charset !== designated[glevel] && charset === active.savedCharset && active.x < core.cols) {
    w.out += `\x1b8${cup(active.y - top, active.x)}`;
    w.forget();
    w.pen(core._inputHandler._curAttrData, true);
  }
  w.out += modes(core);
  const title = core._inputHandler._windowTitle;
  const icon = core._inputHandler._iconName;
  if (icon !== '' && icon !== title) w.out += oscString(1, icon);
  w.out += oscString(2, title);
  if (extras.cwd !== undefined) w.out += oscString(7, extras.cwd);
  lastPrint(core, w, extras);
  return w.out;
}
