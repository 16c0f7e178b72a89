/**
 * Shares one mirror worker's time fairly between the sessions it hosts. Each session has its own
 * queue of output and actions (resize, snapshot), parsed in stream order; the scheduler takes one
 * slice from each session with work in turn, and sizes each session's slices by what its output
 * costs to parse, so that no slice runs much longer than `SLICE_TARGET_MS`. A session whose output
 * is expensive (a hostile `\e[65535b` storm, an alternate-screen flip storm) therefore gets its
 * share of the worker and no more: the others' output is parsed within a few milliseconds, their
 * mirrors never fall behind, and only the expensive session's own PTY is held back (by its lag).
 *
 * Pure logic: time and yielding come in through `SchedulerHost`, so tests drive it by hand.
 */

/**
 * Target duration of one slice. Short enough that a session's turn comes round within a few ms
 * even with several busy neighbours; long enough that per-slice overhead (a `writeSync` call and a
 * clock read, ~microseconds) stays negligible against the parse itself.
 */
export const SLICE_TARGET_MS = 2;

/**
 * Slice bounds, in UTF-16 units. The first slice of a session is small because its cost is not
 * known yet: 1 KiB of REP-65535 storm is ~6.5 M cells, tens of ms. The cap bounds the damage when
 * cheap output turns expensive mid-stream (a slice sized for plain text meeting such a storm): at
 * 16 KiB of REP storm, the worst single slice seen here took well under a second.
 */
export const MIN_SLICE = 256;
export const FIRST_SLICE = 1024;
export const MAX_SLICE = 16 * 1024;

/**
 * How long the scheduler runs before it lets the worker's event loop take messages (new output,
 * snapshot requests): a snapshot request or a fresh keystroke's output waits at most about this.
 */
export const TURN_MS = 8;

export interface SchedulerHost {
  now(): number;
  /** Runs `callback` soon, after pending messages (setImmediate in the worker). */
  defer(callback: () => void): void;
  /** Parses `data` for `session`, synchronously. */
  parse(session: number, data: string): void;
  /** `bytes` of `session`'s output (one `write`) are now parsed. */
  parsed(session: number, bytes: number): void;
}

type Item =
  | { readonly kind: 'write'; data: string; readonly bytes: number }
  | { readonly kind: 'action'; readonly run: () => void };

interface SessionQueue {
  readonly items: Item[];
  slice: number;
}

export class MirrorScheduler {
  readonly #host: SchedulerHost;
  /** Insertion-ordered: the round-robin order. */
  readonly #queues = new Map<number, SessionQueue>();
  /** Sessions with work, in the order they get their next slice. */
  // Stryker disable next-line ArrayDeclaration: an id here that names no queue is skipped, so a stray one changes nothing
  #ready: number[] = [];
  #scheduled = false;

  constructor(host: SchedulerHost) {
    this.#host = host;
  }

  add(session: number): void {
    if (!this.#queues.has(session)) this.#queues.set(session, { items: [], slice: FIRST_SLICE });
  }

  remove(session: number): void {
    this.#queues.delete(session);
    this.#ready = this.#ready.filter((id) => id !== session);
  }

  /** Output of `session`, `bytes` long in UTF-8 (reported back by `parsed` once done). */
  write(session: number, data: string, bytes: number): void {
    this.#enqueue(session, { kind: 'write', data, bytes });
  }

  /** Runs `run` once everything queued for `session` before it has been parsed. */
  action(session: number, run: () => void): void {
    this.#enqueue(session, { kind: 'action', run });
  }

  /** UTF-16 units queued and not yet parsed, per session (for tests and diagnostics). */
  backlog(session: number): number {
    let total = 0;
    // Stryker disable next-line ArrayDeclaration: a stand-in list for an unknown session, with no write in it, counts 0 too
    for (const item of this.#queues.get(session)?.items ?? []) if (item.kind === 'write') total += item.data.length;
    return total;
  }

  #enqueue(session: number, item: Item): void {
    const queue = this.#queues.get(session);
    if (!queue) return;
    if (queue.items.length === 0) this.#ready.push(session);
    queue.items.push(item);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || this.#ready.length === 0) return;
    this.#scheduled = true;
    this.#host.defer(() => {
      this.#scheduled = false;
      this.#run();
    });
  }

  /** One turn: slices in round-robin order until the work is done or the turn is used up. */
  #run(): void {
    const start = this.#host.now();
    while (this.#ready.length > 0 && this.#host.now() - start < TURN_MS) {
      const session = this.#ready.shift();
      if (session === undefined) break;
      const queue = this.#queues.get(session);
      if (!queue) continue;
      this.#step(session, queue);
      if (queue.items.length > 0) this.#ready.push(session);
    }
    this.#schedule();
  }

  /** One slice of `session`: actions at the head run at once, then up to one slice of output. */
  #step(session: number, queue: SessionQueue): void {
    let head = queue.items[0];
    while (head?.kind === 'action') {
      queue.items.shift();
      head.run();
      head = queue.items[0];
    }
    if (!head) return;
    const slice = head.data.length <= queue.slice ? head.data : head.data.slice(0, cutPoint(head.data, queue.slice));
    const started = this.#host.now();
    this.#host.parse(session, slice);
    queue.slice = nextSliceSize(queue.slice, slice.length, this.#host.now() - started);
    if (slice.length === head.data.length) {
      queue.items.shift();
      this.#host.parsed(session, head.bytes);
    } else {
      head.data = head.data.slice(slice.length);
    }
  }
}

/** Never cut between the two halves of a surrogate pair (xterm.js copes, but a reader would not). */
function cutPoint(data: string, at: number): number {
  const code = data.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * The next slice size from the last one's speed: aim at `SLICE_TARGET_MS`, grow at most 2× a step
 * (costs are noisy; a fast slice or two must not leap to the cap), shrink at once (a slow one is a
 * real signal).
 */
export function nextSliceSize(current: number, parsed: number, elapsedMs: number): number {
  if (parsed === 0) return current;
  const perUnit = Math.max(elapsedMs, 0.001) / parsed;
  const ideal = SLICE_TARGET_MS / perUnit;
  const next = Math.min(ideal, current * 2);
  return Math.round(Math.min(Math.max(next, MIN_SLICE), MAX_SLICE));
}
