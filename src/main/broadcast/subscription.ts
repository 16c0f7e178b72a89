/**
 * One subscriber of one session: the watermark flow control of a single view. It keeps what has
 * been sent and not yet acknowledged (count and bytes), derives the level from it, and decides
 * when buffered output goes out. Driven by an injected clock, so tests step time by hand.
 */
import { nextLevel, type FlowConfig } from '../../shared/flow';
import type { FlowLevel, SessionEvent, SnapshotEvent } from '../../shared/protocol';
import type { Clock, TimerHandle } from './clock';

/**
 * In green, output that arrives within this window of the last message joins one batch, so a
 * flood is not one message per PTY read. 5 ms is VS Code's `TerminalDataBufferer` window: short
 * enough to be invisible to a typist, long enough to cut the message rate of a flood ~100×.
 */
export const GREEN_BATCH_MS = 5;

/**
 * A green batch is sent at once when it reaches this size, so one message stays a sensible unit of
 * rendering and of acknowledgement (the yellow byte budget is four of them).
 */
export const GREEN_BATCH_MAX_BYTES = 64 * 1024;

/**
 * Output goes out in messages of this many bytes at most (one PTY read more at worst), and a new
 * message starts only while what is unacknowledged is below the red byte budget. So a renderer is
 * never sent more than it has acknowledged plus the red budget and one message — the spec's rule,
 * against xterm.js's write discard and a window frozen parsing — even when much was queued at once
 * (a view waiting for its snapshot while the mirror catches up holds up to the mirror's budget).
 * What does not fit waits in the queue for acks; the PTY is paused meanwhile, so it stops growing.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

type State =
  /** Waiting for the mirror's snapshot: output is queued, nothing is sent yet. */
  | 'snapshotting'
  | 'live'
  /** A hidden view: nothing is queued or sent; resume brings a fresh snapshot. */
  | 'suspended'
  | 'closed';

/** Queued for sending: output text, or an event that must keep its place after that text. */
type Queued = { readonly data: string; readonly bytes: number } | { readonly event: SessionEvent };

export interface SubscriptionOptions {
  readonly session: number;
  readonly flow: FlowConfig;
  readonly clock: Clock;
  readonly send: (event: SessionEvent) => void;
  /** Called after every level change (after the warning has been sent). */
  readonly onLevelChange: (level: FlowLevel) => void;
}

export type AckResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export class Subscription {
  readonly #options: SubscriptionOptions;
  #state: State = 'snapshotting';
  #level: FlowLevel = 'green';

  #queue: Queued[] = [];
  #queuedBytes = 0;

  /** Byte size of every message sent and not yet acknowledged, oldest first (from `#sentHead`). */
  #sent: number[] = [];
  #sentHead = 0;
  #pendingBytes = 0;

  #lastSendAt = Number.NEGATIVE_INFINITY;
  #timer: TimerHandle | undefined;

  constructor(options: SubscriptionOptions) {
    this.#options = options;
  }

  get level(): FlowLevel {
    return this.#level;
  }

  /** Messages sent and not yet acknowledged (the warning's `queue_size`). */
  get pending(): number {
    return this.#sent.length - this.#sentHead;
  }

  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Output received from the PTY and not yet sent. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  get suspended(): boolean {
    return this.#state === 'suspended';
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Waiting for the snapshot that starts (or, after a resume, restarts) the view. */
  get snapshotting(): boolean {
    return this.#state === 'snapshotting';
  }

  /** Live output of the session, in order. */
  push(data: string, bytes: number): void {
    if (this.#state === 'suspended' || this.#state === 'closed') return;
    this.#queue.push({ data, bytes });
    this.#queuedBytes += bytes;
    this.#schedule();
  }

  /** An event that belongs to the stream (exit, size): it goes out after all output queued before it. */
  pushEvent(event: SessionEvent): void {
    if (this.#state === 'suspended' || this.#state === 'closed') return;
    this.#queue.push({ event });
    this.#schedule();
  }

  /** The snapshot that starts (or restarts, after a resume) this view; queued output follows it. */
  deliverSnapshot(snapshot: SnapshotEvent, afterSnapshot?: () => void): void {
    if (this.#state !== 'snapshotting') return;
    this.#options.send(snapshot);
    afterSnapshot?.();
    this.#state = 'live';
    this.#schedule();
  }

  /** An event about the session, not its output (title, bell): sent at once, even while suspended. */
  notify(event: SessionEvent): void {
    if (this.#state !== 'closed') this.#options.send(event);
  }

  /** Tells the subscriber about a problem of this subscription (an `error` event, outside the stream). */
  sendError(message: string): void {
    if (this.#state !== 'closed') this.#options.send({ type: 'error', code: 'internal', message });
  }

  /** `count` of the oldest unacknowledged messages have been processed. */
  ack(count: number): AckResult {
    if (this.#state === 'closed') return { ok: false, message: 'subscription closed' };
    if (count > this.pending) {
      return { ok: false, message: `ack of ${count} messages, but only ${this.pending} are unacknowledged` };
    }
    let released = 0;
    for (let i = 0; i < count; i++) released += this.#sent[this.#sentHead + i] ?? 0;
    this.#sentHead += count;
    this.#pendingBytes -= released;
    // Compact now and then so the array does not grow with the total of messages ever sent.
    // Stryker disable next-line all: when (or whether) it compacts changes the memory held, never a size read from it
    if (this.#sentHead > 1024 && this.#sentHead * 2 > this.#sent.length) {
      this.#sent = this.#sent.slice(this.#sentHead);
      this.#sentHead = 0;
    }
    this.#updateLevel();
    // Output held back for want of budget may go now.
    this.#schedule();
    return { ok: true };
  }

  /** Hide the view: drop what is queued and send nothing until `resume`. */
  suspend(): void {
    if (this.#state === 'closed') return;
    this.#state = 'suspended';
    this.#clearQueue();
  }

  /** Show the view again: the caller fetches a snapshot and hands it to `deliverSnapshot`. */
  resume(): void {
    if (this.#state !== 'suspended') return;
    this.#state = 'snapshotting';
  }

  close(): void {
    this.#state = 'closed';
    this.#clearQueue();
  }

  #clearQueue(): void {
    this.#queue = [];
    this.#queuedBytes = 0;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #interval(): number {
    switch (this.#level) {
      case 'green':
        return GREEN_BATCH_MS;
      case 'yellow':
        return this.#options.flow.yellowIntervalMs;
      case 'red':
        return this.#options.flow.redIntervalMs;
    }
  }

  /**
   * One rule for every level: send now if the last message went out at least one interval ago,
   * otherwise once it has. The first output after a pause goes at once (a keystroke's echo is not
   * delayed), and a flood becomes one message per interval. Green also sends a full batch early.
   */
  #schedule(): void {
    if (this.#state !== 'live' || this.#queue.length === 0) return;
    const { clock } = this.#options;
    const due = this.#lastSendAt + this.#interval();
    const full = this.#level === 'green' && this.#queuedBytes >= GREEN_BATCH_MAX_BYTES;
    if (full || clock.now() >= due) {
      this.#flush();
      return;
    }
    if (this.#timer === undefined) {
      this.#timer = clock.setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, due - clock.now());
    }
  }

  #flush(): void {
    if (this.#timer !== undefined) {
      this.#options.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#state !== 'live' || this.#queue.length === 0) return;
    const queue = this.#queue;
    const { redBytes } = this.#options.flow;
    let sentAny = false;

    let texts: string[] = [];
    let bytes = 0;
    const sendText = (): void => {
      if (texts.length === 0) return;
      const data = texts.length === 1 ? (texts[0] ?? '') : texts.join('');
      this.#sent.push(bytes);
      this.#pendingBytes += bytes;
      this.#queuedBytes -= bytes;
      this.#options.send({ type: 'output', session: this.#options.session, data });
      sentAny = true;
      texts = [];
      bytes = 0;
    };
    let next = 0;
    for (; next < queue.length; next++) {
      const item = queue[next];
      if (item === undefined) break;
      if ('data' in item) {
        // A new message only within the red budget: the rest waits for acks.
        if (texts.length === 0 && this.#pendingBytes >= redBytes) break;
        texts.push(item.data);
        bytes += item.bytes;
        if (bytes >= MAX_MESSAGE_BYTES) sendText();
      } else {
        sendText();
        this.#options.send(item.event);
        sentAny = true;
      }
    }
    sendText();
    this.#queue = next === queue.length ? [] : queue.slice(next);
    if (sentAny) this.#lastSendAt = this.#options.clock.now();
    this.#updateLevel();
  }

  #updateLevel(): void {
    const level = nextLevel(this.#level, this, this.#options.flow);
    if (level === this.#level) return;
    this.#level = level;
    if (this.#state !== 'closed') {
      this.#options.send({
        type: 'backpressure_warning',
        session: this.#options.session,
        queue_size: this.pending,
        level,
      });
    }
    // The interval changed with the level: a waiting batch may be due sooner (or later) now.
    if (this.#timer !== undefined) {
      this.#options.clock.clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#schedule();
    }
    this.#options.onLevelChange(level);
  }
}
