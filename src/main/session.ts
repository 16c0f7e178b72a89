/**
 * A session: one PTY, its headless mirror and its subscribers. It fans the PTY's output out to the
 * mirror and to every subscription, and pauses the PTY while any consumer is red — true
 * backpressure: the program blocks on write and no buffer anywhere grows without bound.
 */
import { readlinkSync } from 'node:fs';
import { Emitter, type Event } from '../shared/event';
import type { FlowConfig } from '../shared/flow';
import type { DetachedEvent, ExitInfo, FlowLevel, KillSignal, SessionEvent, SessionInfo } from '../shared/protocol';
import { Subscription, type AckResult } from './broadcast/subscription';
import type { Clock } from './broadcast/clock';
import type { FlowTrace, FlowTraceEvent } from './flowTrace';
import type { Mirror } from './mirror/mirrorPool';
import type { Pty } from './pty/pty';

/** Whoever subscribes: a connection. Only its identity matters here, plus where to send events. */
export interface Subscriber {
  readonly send: (event: SessionEvent) => void;
}

export interface SessionOptions {
  readonly id: number;
  readonly pty: Pty;
  readonly mirror: Mirror;
  readonly flow: FlowConfig;
  readonly clock: Clock;
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
  readonly trace?: FlowTrace | undefined;
}

/** See `#updateMirrorBehind`. */
const MIRROR_RESUME_FRACTION = 0.5;

export class SessionError extends Error {
  constructor(
    readonly code: 'not_attached' | 'already_attached' | 'session_exited' | 'bad_ack',
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export class Session {
  readonly id: number;
  readonly #pty: Pty;
  readonly #mirror: Mirror;
  readonly #flow: FlowConfig;
  readonly #clock: Clock;
  readonly #initialCwd: string;
  readonly #subscriptions = new Map<Subscriber, Subscription>();
  readonly #trace: FlowTrace | undefined;
  #nextSubscriber = 1;
  #cols: number;
  #rows: number;
  #exit: ExitInfo | null = null;
  #paused = false;
  /** The mirror is a consumer too: behind once its unparsed backlog reaches `redBytes`. */
  #mirrorBehind = false;
  readonly #onExit = new Emitter<ExitInfo>();

  /** Fires after the last byte of output has been handed to every subscription. */
  readonly onExit: Event<ExitInfo> = this.#onExit.event;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.#pty = options.pty;
    this.#mirror = options.mirror;
    this.#flow = options.flow;
    this.#clock = options.clock;
    this.#initialCwd = options.cwd;
    this.#cols = options.cols;
    this.#rows = options.rows;
    this.#trace = options.trace;
    this.#pty.onData((data) => this.#handleData(data));
    this.#pty.onExit((exit) => this.#handleExit(exit));
    this.#mirror.onProgress(() => this.#updateMirrorBehind());
  }

  get exited(): ExitInfo | null {
    return this.#exit;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get subscriberCount(): number {
    return this.#subscriptions.size;
  }

  info(): SessionInfo {
    return {
      session: this.id,
      pid: this.#pty.pid,
      title: this.#mirror.title || this.#safeProcessName(),
      cwd: this.#currentCwd(),
      cols: this.#cols,
      rows: this.#rows,
      subscribers: this.#subscriptions.size,
      exited: this.#exit,
    };
  }

  /**
   * Subscribe: the snapshot of the current screen is sent first, then `onAttached` runs (the
   * connection answers the request there), then live output continues exactly where the
   * snapshot ends.
   */
  attach(subscriber: Subscriber, onAttached: (size: { cols: number; rows: number }) => void): void {
    if (this.#subscriptions.has(subscriber)) {
      throw new SessionError('already_attached', `already attached to session ${this.id}`);
    }
    const number = this.#nextSubscriber++;
    const trace = this.#trace;
    const send = trace
      ? (event: SessionEvent): void => {
          if (event.type === 'output') {
            this.#emitTrace({
              type: 'send',
              session: this.id,
              subscriber: number,
              bytes: Buffer.byteLength(event.data),
            });
          }
          subscriber.send(event);
        }
      : subscriber.send;
    const subscription: Subscription = new Subscription({
      session: this.id,
      flow: this.#flow,
      clock: this.#clock,
      send,
      onLevelChange: (level) => {
        this.#emitTrace({
          type: 'level',
          session: this.id,
          subscriber: number,
          level,
          pending: subscription.pending,
          pendingBytes: subscription.pendingBytes,
        });
        this.#handleLevelChange(subscriber, level);
      },
    });
    this.#subscriptions.set(subscriber, subscription);
    this.#sendSnapshot(subscription, onAttached);
  }

  detach(subscriber: Subscriber, reason?: DetachedEvent['reason']): void {
    const subscription = this.#require(subscriber);
    subscription.close();
    this.#subscriptions.delete(subscriber);
    if (reason !== undefined) subscriber.send({ type: 'detached', session: this.id, reason });
    this.#updatePause();
  }

  /** Drops the subscription if there is one (a connection that closed). */
  release(subscriber: Subscriber): void {
    if (this.#subscriptions.has(subscriber)) this.detach(subscriber);
  }

  ack(subscriber: Subscriber, count: number): void {
    const result: AckResult = this.#require(subscriber).ack(count);
    if (!result.ok) throw new SessionError('bad_ack', result.message);
  }

  suspend(subscriber: Subscriber): void {
    this.#require(subscriber).suspend();
    this.#updatePause();
  }

  resume(subscriber: Subscriber): void {
    const subscription = this.#require(subscriber);
    if (!subscription.suspended) return;
    subscription.resume();
    this.#sendSnapshot(subscription);
    this.#updatePause();
  }

  input(data: string): void {
    if (this.#exit) throw new SessionError('session_exited', `session ${this.id} has exited`);
    this.#pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.#exit || (cols === this.#cols && rows === this.#rows)) return;
    this.#cols = cols;
    this.#rows = rows;
    this.#pty.resize(cols, rows);
    this.#mirror.resize(cols, rows);
    // Every view adopts the one size of the PTY, at this point of the stream.
    for (const subscription of this.#subscriptions.values()) {
      subscription.pushEvent({ type: 'size', session: this.id, cols, rows });
    }
  }

  kill(signal?: KillSignal): void {
    if (this.#exit) return;
    this.#pty.kill(signal);
    // A paused PTY would hold its exit back until someone acks. What is left to read is at most
    // the kernel's buffer, so drain it: the exit, and the last bytes before it, arrive.
    if (this.#paused) {
      this.#paused = false;
      this.#pty.resume();
      this.#emitTrace({ type: 'pty', session: this.id, paused: false, cause: 'none' });
    }
  }

  #emitTrace(event: FlowTraceEvent): void {
    this.#trace?.(event, this.#clock.now());
  }

  /**
   * After exit: SIGKILL whatever is left in the program's process group (a pipeline stage or a
   * child that ignored the hang-up), so closing a session leaves no process behind.
   */
  killProcessGroup(): void {
    if (process.platform === 'win32') return;
    try {
      process.kill(-this.#pty.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already empty, the common case.
    }
  }

  dispose(): void {
    for (const subscription of this.#subscriptions.values()) subscription.close();
    this.#subscriptions.clear();
    this.#mirror.dispose();
  }

  #require(subscriber: Subscriber): Subscription {
    const subscription = this.#subscriptions.get(subscriber);
    if (!subscription) throw new SessionError('not_attached', `not attached to session ${this.id}`);
    return subscription;
  }

  #sendSnapshot(subscription: Subscription, onAttached?: (size: { cols: number; rows: number }) => void): void {
    // If the session has already exited, its exit follows the snapshot; if it exits while the
    // snapshot is being made, the exit is queued in the subscription behind the last output.
    const exitedBefore = this.#exit;
    const deliver = (snapshot: { data: string; cols: number; rows: number }): void => {
      if (subscription.closed) return;
      subscription.deliverSnapshot({ type: 'snapshot', session: this.id, ...snapshot }, () =>
        onAttached?.({ cols: snapshot.cols, rows: snapshot.rows }),
      );
      if (exitedBefore) subscription.pushEvent({ type: 'exit', session: this.id, ...exitedBefore });
    };
    this.#mirror.snapshot().then(deliver, (error: unknown) => {
      if (subscription.closed) return;
      // The mirror's worker died: the view still gets the live stream, from an empty screen, and
      // is told why rather than left waiting for a snapshot that will never come.
      subscription.sendError(`session ${this.id} has no screen copy (${String(error)}); showing live output only`);
      deliver({ data: '', cols: this.#cols, rows: this.#rows });
    });
  }

  #handleData(data: string): void {
    const bytes = Buffer.byteLength(data, 'utf8');
    this.#emitTrace({ type: 'read', session: this.id, bytes });
    this.#mirror.write(data, bytes);
    for (const subscription of this.#subscriptions.values()) subscription.push(data, bytes);
    this.#updateMirrorBehind();
  }

  #handleExit(exit: ExitInfo): void {
    this.#exit = { exitCode: exit.exitCode, signal: exit.signal };
    for (const subscription of this.#subscriptions.values()) {
      subscription.pushEvent({ type: 'exit', session: this.id, ...this.#exit });
    }
    this.#onExit.fire(this.#exit);
  }

  #handleLevelChange(subscriber: Subscriber, level: FlowLevel): void {
    if (level === 'red' && this.#flow.autoDisconnect && this.#subscriptions.has(subscriber)) {
      this.detach(subscriber, 'backpressure');
      return;
    }
    this.#updatePause();
  }

  /**
   * The mirror holds the PTY at `redBytes` of backlog and lets it go at half that. It parses as
   * fast as it can, so unlike a window it is resumed early: with half the budget still queued it
   * never runs dry while the PTY restarts, and a flood runs at the parser's full speed.
   */
  #updateMirrorBehind(): void {
    const lag = this.#mirror.lagBytes;
    this.#emitTrace({ type: 'mirror', session: this.id, lagBytes: lag });
    const behind = this.#mirrorBehind
      ? lag >= this.#flow.redBytes * MIRROR_RESUME_FRACTION
      : lag >= this.#flow.redBytes;
    if (behind === this.#mirrorBehind) return;
    this.#mirrorBehind = behind;
    this.#updatePause();
  }

  /**
   * Pause while any consumer that counts is red; resume once every one is green again. Suspended
   * views do not count (the session never blocks on an invisible window), nor do subscribers under
   * auto-disconnect (they are detached instead).
   */
  #updatePause(): void {
    if (this.#exit) return;
    const levels: FlowLevel[] = [];
    if (!this.#flow.autoDisconnect) {
      for (const subscription of this.#subscriptions.values()) {
        if (!subscription.suspended) levels.push(subscription.level);
      }
    }
    if (!this.#paused && (this.#mirrorBehind || levels.includes('red'))) {
      this.#paused = true;
      this.#pty.pause();
      this.#emitTrace({ type: 'pty', session: this.id, paused: true, cause: this.#mirrorBehind ? 'mirror' : 'view' });
    } else if (this.#paused && !this.#mirrorBehind && levels.every((level) => level === 'green')) {
      this.#paused = false;
      this.#pty.resume();
    }
  }

  #safeProcessName(): string {
    try {
      return this.#pty.process;
    } catch {
      // node-pty reads the name from /proc; after exit there is nothing to read.
      return '';
    }
  }

  #currentCwd(): string {
    if (this.#exit || process.platform !== 'linux') return this.#initialCwd;
    try {
      return readlinkSync(`/proc/${this.#pty.pid}/cwd`);
    } catch {
      // The process is gone or not ours to inspect: the cwd it started in is the best answer.
      return this.#initialCwd;
    }
  }
}
