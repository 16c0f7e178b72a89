/**
 * Keeps xterm's asynchronous parsing and the view's synchronous actions in stream order.
 *
 * `term.write` only queues: xterm parses in time-sliced chunks later. A `reset()` or `resize()`
 * called directly would therefore apply *before* output that arrived ahead of it (a snapshot after
 * a resume, a `size` event in the middle of a flood) and garble the screen. Here an action waits
 * until every write queued before it is parsed, and writes queued after it wait for the action.
 */

/** The part of xterm's `Terminal` this needs. */
export interface WriteTarget {
  write(data: string, callback?: () => void): void;
}

type Item = { readonly data: string; readonly done: (() => void) | undefined } | { readonly action: () => void };

/**
 * The most UTF-16 units handed to xterm in one `write`. xterm parses each write whole before it
 * checks its time budget (12 ms) and yields, so one output message (up to 64 KiB, more when a
 * yellow or red view gets everything queued at once) was one task: 64 KiB of alternate-screen
 * flips kept the page frozen 2–4 s (tests/ui/hostile.spec.ts). In slices of 4 KiB the page
 * yields every few ms whatever the output, and ordinary floods do not notice (a slice of text
 * parses in well under a millisecond).
 */
export const MAX_WRITE_SLICE = 4096;

export class OrderedWriter {
  readonly #target: WriteTarget;
  /** Writes handed to xterm whose callback has not fired yet. */
  #inFlight = 0;
  /** Waiting behind an action. Non-empty only while an action is waiting or being reached. */
  readonly #waiting: Item[] = [];
  #drainQueued = false;

  constructor(target: WriteTarget) {
    this.#target = target;
  }

  /** Writes handed to xterm or waiting, and not yet parsed (actions are not counted). */
  get pending(): number {
    let waitingWrites = 0;
    for (const item of this.#waiting) if (!('action' in item)) waitingWrites++;
    return this.#inFlight + waitingWrites;
  }

  /** `done` runs once xterm has parsed `data` (its write callback). */
  write(data: string, done?: () => void): void {
    if (this.#waiting.length > 0) this.#waiting.push({ data, done });
    else this.#issue(data, done);
  }

  /** Runs `action` after everything written so far is parsed, and before anything written later. */
  then(action: () => void): void {
    if (this.#inFlight === 0 && this.#waiting.length === 0) action();
    else this.#waiting.push({ action });
  }

  #issue(data: string, done: (() => void) | undefined): void {
    this.#inFlight++;
    // All but the last slice go without a callback: the write counts as parsed with its last one.
    let start = 0;
    while (data.length - start > MAX_WRITE_SLICE) {
      let end = start + MAX_WRITE_SLICE;
      const code = data.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
      this.#target.write(data.slice(start, end));
      start = end;
    }
    this.#target.write(start === 0 ? data : data.slice(start), () => {
      this.#inFlight--;
      done?.();
      if (this.#inFlight === 0 && this.#waiting.length > 0 && !this.#drainQueued) {
        // Not from inside xterm's parse loop: a reset or resize there would pull the buffer out
        // from under the chunk being finished. A microtask runs right after that loop returns.
        this.#drainQueued = true;
        queueMicrotask(() => this.#drain());
      }
    });
  }

  #drain(): void {
    this.#drainQueued = false;
    while (this.#waiting.length > 0) {
      const item = this.#waiting[0];
      if (!item) break;
      if ('action' in item) {
        if (this.#inFlight > 0) return; // the last write's callback drains again
        this.#waiting.shift();
        item.action();
      } else {
        this.#waiting.shift();
        this.#issue(item.data, item.done);
      }
    }
  }
}
