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
    this.#target.write(data, () => {
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
