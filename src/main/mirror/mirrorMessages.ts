/**
 * Messages between the service (main thread) and a mirror worker. Internal to `src/main/mirror`:
 * both ends are ours and built together, so they are typed but not schema-validated.
 */
import type { TerminalTheme } from '../../shared/terminal/palette';
import type { TitleOp } from '../titleTracker';

export type ToMirror =
  | {
      readonly op: 'open';
      readonly id: number;
      readonly cols: number;
      readonly rows: number;
      readonly scrollback: number;
      readonly theme: TerminalTheme;
    }
  /** Output, `bytes` long in UTF-8; the worker answers `parsed` with those bytes once parsed. */
  | { readonly op: 'write'; readonly id: number; readonly data: string; readonly bytes: number }
  /** Resize in stream order: after the output written before it. */
  | { readonly op: 'resize'; readonly id: number; readonly cols: number; readonly rows: number }
  /** The cell size of the window that sized the session, in CSS pixels (for CSI 14/16 t). */
  | { readonly op: 'cell'; readonly id: number; readonly width: number; readonly height: number }
  /** Serialize once everything written before this message is parsed. */
  | { readonly op: 'snapshot'; readonly id: number; readonly request: number }
  | { readonly op: 'close'; readonly id: number }
  /** For every mirror of this worker: the user changed the theme or the scrollback length. */
  | { readonly op: 'theme'; readonly theme: TerminalTheme }
  | { readonly op: 'scrollback'; readonly lines: number };

export type FromMirror =
  | { readonly op: 'parsed'; readonly id: number; readonly bytes: number }
  | {
      readonly op: 'snapshot';
      readonly id: number;
      readonly request: number;
      readonly data: string;
      readonly cols: number;
      readonly rows: number;
      readonly scrollback: number;
    }
  /** The terminal's answer to a query: to be written to the program. */
  | { readonly op: 'reply'; readonly id: number; readonly data: string }
  /**
   * What the program did to the window title during one slice, in order: titles set (OSC 0/2),
   * pushed on the title stack (CSI 22 t), popped from it (CSI 23 t).
   */
  | { readonly op: 'titles'; readonly id: number; readonly ops: readonly TitleOp[] }
  | { readonly op: 'bell'; readonly id: number }
  | { readonly op: 'cwd'; readonly id: number; readonly uri: string }
  | { readonly op: 'log'; readonly id: number; readonly message: string };
