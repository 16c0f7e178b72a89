/**
 * Parser hooks every Sluice terminal installs: the views' (xterm.js in a window) and the mirror's
 * (@xterm/headless in the service). Written against the small structural part of xterm.js's API
 * they use, so the same code serves both builds and the layer stays free of DOM and Node types.
 *
 * Handlers registered here run before xterm.js's own; returning true stops the built-in one.
 */
import { MAX_CELL_TEXT, MAX_REPEAT, MAX_STRING_PAYLOAD, MAX_TITLE_LENGTH } from './emulation';

export interface Disposable {
  dispose(): void;
}

export interface FunctionIdentifier {
  readonly prefix?: string;
  readonly intermediates?: string;
  readonly final: string;
}

export type Params = (number | number[])[];

/** The part of xterm.js's `IParser` the hooks use (both `@xterm/xterm` and `@xterm/headless`). */
export interface ParserApi {
  registerCsiHandler(id: FunctionIdentifier, callback: (params: Params) => boolean): Disposable;
  registerDcsHandler(id: FunctionIdentifier, callback: (data: string, params: Params) => boolean): Disposable;
  registerEscHandler(id: FunctionIdentifier, callback: () => boolean): Disposable;
  registerOscHandler(ident: number, callback: (data: string) => boolean): Disposable;
}

export interface HookableTerminal {
  readonly parser: ParserApi;
  readonly cols: number;
  readonly rows: number;
  write(data: string): void;
}

/** The first parameter of a CSI sequence, or `fallback` when it is absent or zero-defaulted. */
export function firstParam(params: Params, fallback: number): number {
  const first = params[0];
  const value = Array.isArray(first) ? first[0] : first;
  return value === undefined || value === 0 ? fallback : value;
}

/** What xterm.js's internal CSI handlers take: its `Params`, of which they read `params[0]`. */
interface CountParams {
  readonly params: Int32Array;
  readonly length: number;
}

/** xterm.js's InputHandler methods that run a CSI count as a loop of that many steps. */
type CountedMethod =
  | 'repeatPrecedingCharacter'
  | 'scrollUp'
  | 'scrollDown'
  | 'insertLines'
  | 'deleteLines'
  | 'cursorForwardTab'
  | 'cursorBackwardTab';

/** A sub-parser of xterm.js (OSC or DCS), reached to bound the payloads its handlers gather. */
interface StringParser {
  /** Ends the current sequence's handlers without running them (what xterm.js does on CAN/SUB). */
  reset(): void;
}

/**
 * The internals the guards reach through the public terminal object. xterm.js offers no public
 * way to run a built-in handler with another count, nor to bound a payload below its own 10 MB,
 * so these reach in; both builds are pinned to 6.0.0 and keep these names in their bundles,
 * which tests/hostile/parserHooks.test.ts checks against the real packages.
 */
interface Internals {
  readonly _core?: {
    readonly _inputHandler?: Partial<Record<CountedMethod, (params: CountParams) => boolean>> & {
      readonly _parser?: { readonly _oscParser?: StringParser; readonly _dcsParser?: StringParser };
    };
  };
}

function inputHandler(terminal: HookableTerminal): NonNullable<Internals['_core']>['_inputHandler'] {
  return (terminal as unknown as Internals)._core?._inputHandler;
}

/**
 * A CSI sequence whose count xterm.js runs as a loop, and the count above which more steps change
 * nothing (or, for REP, the cap xterm and VTE apply). xterm.js loops `count` times in each, so
 * `printf 'x\e[2147483647S'` was 14 bytes and two hours of one core, in the mirror and in every
 * view (measured 2.4–3.2 µs a step; tests/hostile/corpus.ts, `scroll-count`).
 */
interface CountedSequence {
  readonly final: string;
  readonly method: CountedMethod;
  readonly bound: (terminal: HookableTerminal) => number;
}

export const COUNTED_SEQUENCES: readonly CountedSequence[] = [
  // REP: xterm and VTE repeat at most 65 535 times; the whole screen is far less.
  { final: 'b', method: 'repeatPrecedingCharacter', bound: () => MAX_REPEAT },
  // SU, SD: each step removes a line of the scroll region and adds a blank one, so after as many
  // steps as the region has lines (at most `rows`) it is all blank and further steps change nothing.
  { final: 'S', method: 'scrollUp', bound: (terminal) => terminal.rows },
  { final: 'T', method: 'scrollDown', bound: (terminal) => terminal.rows },
  // IL, DL: the same, between the cursor's line and the bottom of the region.
  { final: 'L', method: 'insertLines', bound: (terminal) => terminal.rows },
  { final: 'M', method: 'deleteLines', bound: (terminal) => terminal.rows },
  // CHT, CBT: each step moves to the next (previous) tab stop, and a line has fewer stops than
  // columns: after `cols` steps the cursor is at the last (first) column and stays there.
  { final: 'I', method: 'cursorForwardTab', bound: (terminal) => terminal.cols },
  { final: 'Z', method: 'cursorBackwardTab', bound: (terminal) => terminal.cols },
];

/**
 * Runs each counted sequence of `COUNTED_SEQUENCES` with its count capped at the bound: for all
 * but REP the screen ends exactly as the full count would leave it, in at most a screenful of
 * steps. Should the internal handler ever be missing, an oversized sequence is dropped instead:
 * still harmless, and still the same in every terminal of a session, since mirror and views run
 * this same code.
 */
export function capCounts(terminal: HookableTerminal, sequences = COUNTED_SEQUENCES): Disposable {
  const handler = inputHandler(terminal);
  const hooks = sequences.map(({ final, method, bound }) =>
    terminal.parser.registerCsiHandler({ final }, (params) => {
      const limit = bound(terminal);
      if (firstParam(params, 1) <= limit) return false;
      handler?.[method]?.call(handler, { params: Int32Array.of(limit), length: 1 });
      return true;
    }),
  );
  return { dispose: () => hooks.forEach((hook) => hook.dispose()) };
}

/** True when `capCounts` can really run (not just drop) every capped sequence on this build. */
export function canCapCounts(terminal: HookableTerminal): boolean {
  const handler = inputHandler(terminal);
  return COUNTED_SEQUENCES.every(({ method }) => typeof handler?.[method] === 'function');
}

/**
 * OSC and DCS payloads longer than `MAX_STRING_PAYLOAD` code points are dropped as soon as they
 * pass it, the whole sequence, as xterm.js itself drops them past its 10 MB: the handlers' copies
 * are freed, and the rest of the sequence is skipped by the parser without being copied.
 *
 * Why lower than xterm.js: its handlers gather a payload one code point at a time into a string
 * (`utf32ToString`), about 1 µs a code point, and each registered handler gathers its own copy.
 * A 4 MiB title cost the mirror 4–5 s and 160 MiB, and then travelled, whole, in every title
 * event and every snapshot. Nothing Sluice honours comes near the cap: titles, colours, OSC 7
 * paths, OSC 8 links and DECRQSS are a few KiB at most (there is no image or clipboard addon).
 */
export function capPayloads(terminal: HookableTerminal, limit = MAX_STRING_PAYLOAD): Disposable {
  const parser = inputHandler(terminal)?._parser;
  const restores: Array<() => void> = [];
  const osc = parser?._oscParser;
  if (osc) restores.push(boundPayloads(osc, 'start', 'end', limit));
  const dcs = parser?._dcsParser;
  if (dcs) restores.push(boundPayloads(dcs, 'hook', 'unhook', limit));
  return { dispose: () => restores.forEach((restore) => restore()) };
}

type Method = (...args: unknown[]) => unknown;

/**
 * Wraps one sub-parser instance: `begin` (`start` for OSC, `hook` for DCS) opens a payload, `put`
 * adds to it, `finish` (`end`, `unhook`) closes it. Past `limit` the sub-parser is reset, which
 * ends its handlers without running them (their gathered data goes), and every later `put`, and
 * the `finish` of that sequence, are skipped. Returns the function that restores the originals.
 */
function boundPayloads(
  parser: StringParser,
  begin: 'start' | 'hook',
  finish: 'end' | 'unhook',
  limit: number,
): () => void {
  const methods = parser as unknown as Record<string, Method | undefined>;
  const original = { begin: methods[begin], put: methods.put, finish: methods[finish] };
  const { begin: open, put, finish: close } = original;
  // Another shape than 6.0.0's: leave it alone (xterm.js's own 10 MB limit still holds).
  if (!open || !put || !close) return () => undefined;
  let length = 0;
  let dropped = false;
  const wrappers: Record<string, Method> = {
    [begin]: (...args) => {
      length = 0;
      dropped = false;
      return open.apply(parser, args);
    },
    put: (...args) => {
      if (dropped) return undefined;
      const [, start, end] = args as [Uint32Array, number, number];
      length += end - start;
      if (length <= limit) return put.apply(parser, args);
      dropped = true;
      parser.reset();
      return undefined;
    },
    [finish]: (...args) => {
      if (!dropped) return close.apply(parser, args);
      dropped = false;
      return undefined;
    },
  };
  Object.assign(parser, wrappers);
  return () => {
    for (const key of Object.keys(wrappers)) Reflect.deleteProperty(parser, key);
  };
}

/**
 * A title (OSC 0, 1, 2) longer than `MAX_TITLE_LENGTH` is ignored, as an over-long payload is: the
 * tab keeps the title it had. A title is a line in a tab and in the window's title bar; past a few
 * thousand characters it is not a title but a way to make every view and snapshot carry junk.
 */
export function capTitles(terminal: HookableTerminal, limit = MAX_TITLE_LENGTH): Disposable {
  const hooks = [0, 1, 2].map((ident) => terminal.parser.registerOscHandler(ident, (data) => data.length > limit));
  return { dispose: () => hooks.forEach((hook) => hook.dispose()) };
}

/** The part of xterm.js's `BufferLine` that stacks combining characters onto a cell. */
interface BufferLineInternals {
  addCodepointToCell(index: number, codePoint: number, width: number): void;
  isCombined(index: number): number;
  readonly _combined: Readonly<Record<number, string>>;
}

interface BufferInternals {
  readonly _core?: {
    readonly _bufferService?: { readonly buffer?: { readonly lines?: { get(index: number): unknown } } };
  };
}

/** Line classes already capped: the cap is installed once per xterm.js bundle, not per terminal. */
const cappedLines = new WeakSet<object>();

/**
 * A cell keeps at most `MAX_CELL_TEXT` UTF-16 units (its character and what combines with it);
 * combining characters past that are dropped. xterm.js stacks every combining mark onto the cell
 * as it comes, without end: 1 MiB of U+0301 after one `a` made one cell of half a million marks,
 * which the browser then had to shape and draw on every frame (the page froze for minutes).
 *
 * This patches xterm.js's `BufferLine` class, so it holds for every terminal of this bundle: in
 * the mirror worker and in a page, all terminals are Sluice's and all take this guard. Nothing
 * to undo: the returned disposable does nothing.
 */
export function capCombining(terminal: HookableTerminal, limit = MAX_CELL_TEXT): Disposable {
  const line = (terminal as unknown as BufferInternals)._core?._bufferService?.buffer?.lines?.get(0);
  const prototype: unknown = line === undefined ? undefined : Object.getPrototypeOf(line);
  if (typeof prototype !== 'object' || prototype === null || cappedLines.has(prototype)) return { dispose: () => {} };
  const lines = prototype as BufferLineInternals;
  const original = lines.addCodepointToCell;
  // Another shape than 6.0.0's: leave it alone.
  if (typeof original !== 'function' || typeof lines.isCombined !== 'function') return { dispose: () => {} };
  cappedLines.add(prototype);
  lines.addCodepointToCell = function (this: BufferLineInternals, index, codePoint, width) {
    if (this.isCombined(index) && (this._combined[index]?.length ?? 0) >= limit) return;
    original.call(this, index, codePoint, width);
  };
  return { dispose: () => {} };
}

/**
 * Everything a Sluice terminal installs against hostile output: capped counts (REP and the
 * loops), capped OSC/DCS payloads and titles, and cells of bounded size. The mirror and every
 * view call this, so they stay the same terminal whatever a program prints.
 */
export function guardHostileOutput(terminal: HookableTerminal): Disposable {
  const guards = [capCounts(terminal), capPayloads(terminal), capTitles(terminal), capCombining(terminal)];
  return { dispose: () => guards.forEach((guard) => guard.dispose()) };
}

/** CSI reports a terminal sends back to the program: answered once, by the session's mirror. */
const CSI_QUERIES: readonly FunctionIdentifier[] = [
  { final: 'c' }, // DA1
  { prefix: '>', final: 'c' }, // DA2
  { prefix: '=', final: 'c' }, // DA3 (xterm.js has none; kept silent should it gain one)
  { final: 'n' }, // DSR 5 (status), DSR 6 (cursor position)
  { prefix: '?', final: 'n' }, // DECDSR (DECXCPR)
  { intermediates: '$', final: 'p' }, // DECRQM, ANSI modes
  { prefix: '?', intermediates: '$', final: 'p' }, // DECRQM, DEC private modes
  { prefix: '>', final: 'q' }, // XTVERSION
];

/** Window operations (`CSI Ps t`) that report something: 11, 13, 14, 15, 16, 18, 19, 20, 21. */
export const WINDOW_REPORTS: ReadonlySet<number> = new Set([11, 13, 14, 15, 16, 18, 19, 20, 21]);

/** OSC colour commands that may carry queries (`?`): 4 (palette), 10 (fg), 11 (bg), 12 (cursor). */
export const COLOR_OSCS = [4, 10, 11, 12] as const;

/**
 * The set-commands of an OSC 4/10/11/12 payload, without its queries, as separate sequences
 * (OSC 10 stacks: `10;a;b` sets fg then bg, so each slot becomes its own command).
 */
export function colorSetsOf(ident: number, data: string): string[] {
  const slots = data.split(';');
  const sets: string[] = [];
  if (ident === 4) {
    for (let i = 0; i + 1 < slots.length; i += 2) {
      if (slots[i + 1] !== '?') sets.push(`\x1b]4;${slots[i]};${slots[i + 1]}\x1b\\`);
    }
  } else {
    slots.forEach((slot, i) => {
      if (slot !== '?' && ident + i <= 12) sets.push(`\x1b]${ident + i};${slot}\x1b\\`);
    });
  }
  return sets;
}

/** Whether an OSC 4/10/11/12 payload asks for any colour. */
export function hasColorQuery(ident: number, data: string): boolean {
  const slots = data.split(';');
  return ident === 4 ? slots.some((slot, i) => i % 2 === 1 && slot === '?') : slots.includes('?');
}

/**
 * A view never answers a query: the session's mirror has seen exactly the bytes before it and
 * answers once, whether 0, 1 or 5 windows show the session (docs/terminal-queries.md). Each report
 * xterm.js would send is swallowed here; an OSC colour command that mixes sets and queries keeps
 * its sets, which are re-issued without the queries.
 */
export function silenceQueries(terminal: HookableTerminal): Disposable {
  const { parser } = terminal;
  const hooks: Disposable[] = CSI_QUERIES.map((id) => parser.registerCsiHandler(id, () => true));
  hooks.push(
    parser.registerCsiHandler({ final: 't' }, (params) => WINDOW_REPORTS.has(firstParam(params, 0))),
    parser.registerDcsHandler({ intermediates: '$', final: 'q' }, () => true), // DECRQSS
  );
  for (const ident of COLOR_OSCS) {
    hooks.push(
      parser.registerOscHandler(ident, (data) => {
        if (!hasColorQuery(ident, data)) return false;
        // Queued behind the current chunk: a colour set lands a few ms later, which only matters
        // for the paint of cells already on screen, and only in this rare mixed form.
        for (const set of colorSetsOf(ident, data)) terminal.write(set);
        return true;
      }),
    );
  }
  return { dispose: () => hooks.forEach((hook) => hook.dispose()) };
}
