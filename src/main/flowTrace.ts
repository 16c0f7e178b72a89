/**
 * What the service does with a session's flow, as it happens: for the benchmark's timeline
 * (`npm run bench`), for tests, and for anyone who wants to see why a program waited. Off unless a
 * `trace` listener is passed to `TerminalService`; each event is a small object, no I/O.
 */
import type { FlowLevel } from '../shared/protocol';

export type FlowTraceEvent =
  /** Bytes read from the PTY (one read, or one batch of reads). */
  | { readonly type: 'read'; readonly session: number; readonly bytes: number }
  /** The PTY was paused (the program blocks on write) or resumed, and why. */
  | {
      readonly type: 'pty';
      readonly session: number;
      readonly paused: boolean;
      readonly cause: 'view' | 'mirror' | 'none';
    }
  /** One subscriber's level changed; `pending` is its count of unacknowledged messages. */
  | {
      readonly type: 'level';
      readonly session: number;
      readonly subscriber: number;
      readonly level: FlowLevel;
      readonly pending: number;
      readonly pendingBytes: number;
    }
  /** An output message went to a subscriber. */
  | { readonly type: 'send'; readonly session: number; readonly subscriber: number; readonly bytes: number }
  /** The mirror's backlog of unparsed bytes changed. */
  | { readonly type: 'mirror'; readonly session: number; readonly lagBytes: number };

/** Receives every trace event with the clock's time (ms) at which it happened. */
export type FlowTrace = (event: FlowTraceEvent, at: number) => void;
