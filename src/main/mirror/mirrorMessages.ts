/**
 * Messages between the service (main thread) and a mirror worker. Internal to `src/main/mirror`:
 * both ends are ours and built together, so they are typed but not schema-validated.
 */

export type ToMirror =
  | {
      readonly op: 'open';
      readonly id: number;
      readonly cols: number;
      readonly rows: number;
      readonly scrollback: number;
    }
  /** One batch of output; the worker answers `parsed` once xterm has parsed it. */
  | { readonly op: 'write'; readonly id: number; readonly data: string }
  | { readonly op: 'resize'; readonly id: number; readonly cols: number; readonly rows: number }
  /** Serialize once everything written before this message is parsed. */
  | { readonly op: 'snapshot'; readonly id: number; readonly request: number }
  | { readonly op: 'close'; readonly id: number };

export type FromMirror =
  | { readonly op: 'parsed'; readonly id: number }
  | {
      readonly op: 'snapshot';
      readonly id: number;
      readonly request: number;
      readonly data: string;
      readonly cols: number;
      readonly rows: number;
    }
  | { readonly op: 'title'; readonly id: number; readonly title: string };
