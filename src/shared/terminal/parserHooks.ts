/**
 * Parser hooks every Sluice terminal installs: the views' (xterm.js in a window) and the mirror's
 * (@xterm/headless in the service). Written against the small structural part of xterm.js's API
 * they use, so the same code serves both builds and the layer stays free of DOM and Node types.
 *
 * Handlers registered here run before xterm.js's own; returning true stops the built-in one.
 */
import { MAX_REPEAT } from './emulation';

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
  write(data: string): void;
}

/** The first parameter of a CSI sequence, or `fallback` when it is absent or zero-defaulted. */
export function firstParam(params: Params, fallback: number): number {
  const first = params[0];
  const value = Array.isArray(first) ? first[0] : first;
  return value === undefined || value === 0 ? fallback : value;
}

/** xterm.js's internal REP implementation, reached through the public terminal object. */
interface RepeatInternals {
  readonly _core?: {
    readonly _inputHandler?: {
      repeatPrecedingCharacter?: (params: { readonly params: Int32Array; readonly length: number }) => boolean;
    };
  };
}

/**
 * REP with a count above `MAX_REPEAT` repeats `MAX_REPEAT` times, as in xterm and VTE. xterm.js
 * offers no public way to run its REP with another count, so this calls its internal handler (both
 * builds are pinned to 6.0.0, checked by tests/unit/parserHooks.test.ts); should that ever be
 * missing, an oversized REP is dropped instead: still harmless, and still the same in every
 * terminal of a session, since mirror and views run this same code.
 */
export function capRepeat(terminal: HookableTerminal): Disposable {
  const internals = (terminal as unknown as RepeatInternals)._core?._inputHandler;
  return terminal.parser.registerCsiHandler({ final: 'b' }, (params) => {
    if (firstParam(params, 1) <= MAX_REPEAT) return false;
    internals?.repeatPrecedingCharacter?.({ params: Int32Array.of(MAX_REPEAT), length: 1 });
    return true;
  });
}

/** True when `capRepeat` can really repeat (not just drop) on this build; for tests and logs. */
export function canCapRepeat(terminal: HookableTerminal): boolean {
  return typeof (terminal as unknown as RepeatInternals)._core?._inputHandler?.repeatPrecedingCharacter === 'function';
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
