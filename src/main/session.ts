/**
 * A session: one PTY, its mirror, its broadcaster and its lifecycle, wired together. The decisions
 * live in plain classes (Broadcaster, SessionLifecycle, TitleTracker, ForegroundPoller); this file
 * only carries them out — it reads and writes the PTY, feeds the mirror and posts events.
 */
import { Emitter, type Event } from '../shared/event';
import type { FlowConfig } from '../shared/flow';
import type { DetachedEvent, ExitInfo, KillSignal, SessionEvent, SessionInfo } from '../shared/protocol';
import { Broadcaster, type BroadcastDecision } from './broadcast/broadcaster';
import type { Clock } from './broadcast/clock';
import type { FlowTrace, FlowTraceEvent } from './flowTrace';
import type { Mirror, MirrorSnapshot } from './mirror/mirrorPool';
import type { Pty } from './pty/pty';
import { SessionLifecycle, type LifecycleDecision, type LifecycleState } from './sessionLifecycle';
import { SessionPresence } from './sessionPresence';

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
  /** Where the program started (the cwd when the platform cannot tell a later one). */
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
  /** Unparsed bytes the mirror may hold before the PTY waits for it. */
  readonly mirrorBudgetBytes: number;
  /** How long the session lives on once nobody watches it; 0: until closed. */
  readonly graceMs: number;
  readonly trace?: FlowTrace | undefined;
}

export class SessionError extends Error {
  constructor(
    readonly code: 'session_exited',
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
  readonly #clock: Clock;
  readonly #initialCwd: string;
  readonly #broadcaster: Broadcaster<Subscriber>;
  readonly #lifecycle: SessionLifecycle;
  readonly #presence: SessionPresence;
  readonly #trace: FlowTrace | undefined;
  /** Trace numbers for subscribers (the trace speaks of subscriber 1, 2, …). */
  readonly #numbers = new Map<Subscriber, number>();
  #cols: number;
  #rows: number;
  #exit: ExitInfo | null = null;
  #oscCwd: string | undefined;
  readonly #onExit = new Emitter<ExitInfo>();
  readonly #onReap = new Emitter<void>();

  /** Fires after the last byte of output has been handed to every subscription. */
  readonly onExit: Event<ExitInfo> = this.#onExit.event;
  /** The lifecycle reaped the session: its owner removes and disposes it. */
  readonly onReap: Event<void> = this.#onReap.event;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.#pty = options.pty;
    this.#mirror = options.mirror;
    this.#clock = options.clock;
    this.#initialCwd = options.cwd;
    this.#cols = options.cols;
    this.#rows = options.rows;
    this.#trace = options.trace;
    this.#broadcaster = new Broadcaster<Subscriber>({
      session: this.id,
      flow: options.flow,
      clock: options.clock,
      mirrorBudgetBytes: options.mirrorBudgetBytes,
      act: (decision) => this.#carryOut(decision),
      onLevel: (subscriber, level, subscription) =>
        this.#emitTrace({
          type: 'level',
          session: this.id,
          subscriber: this.#numbers.get(subscriber) ?? 0,
          level,
          pending: subscription.pending,
          pendingBytes: subscription.pendingBytes,
        }),
    });
    this.#lifecycle = new SessionLifecycle({
      clock: options.clock,
      graceMs: options.graceMs,
      act: (decision) => this.#carryOutLifecycle(decision),
    });
    this.#presence = new SessionPresence({
      session: this.id,
      clock: options.clock,
      // macOS and Windows cannot tell the foreground: the program's own name stands for the shell.
      shell: { pid: this.#pty.pid, name: this.#pty.foreground()?.name ?? this.#pty.process },
      foreground: () => this.#pty.foreground(),
      watched: () => this.#broadcaster.liveCount > 0,
      notify: (event) => this.#broadcaster.notify(event),
    });
    this.#pty.onData((data) => this.#handleData(data));
    this.#pty.onExit((exit) => this.#handleExit(exit));
    this.#mirror.onProgress(() => {
      this.#emitTrace({ type: 'mirror', session: this.id, lagBytes: this.#mirror.lagBytes });
      this.#broadcaster.mirrorLag(this.#mirror.lagBytes);
    });
    // The mirror is the terminal the program talks to: its answers go back as the keyboard's would.
    this.#mirror.onReply((data) => {
      if (this.#exit === null) this.#pty.write(data);
    });
    this.#mirror.onTitles((ops) => this.#presence.titles(ops));
    this.#mirror.onBell(() => this.#presence.bell());
    this.#mirror.onCwd((uri) => {
      this.#oscCwd = uri;
    });
  }

  get exited(): ExitInfo | null {
    return this.#exit;
  }

  get paused(): boolean {
    return this.#broadcaster.paused;
  }

  get subscriberCount(): number {
    return this.#broadcaster.subscriberCount;
  }

  get state(): LifecycleState {
    return this.#lifecycle.state;
  }

  info(fresh = false): SessionInfo {
    return {
      session: this.id,
      pid: this.#pty.pid,
      ...this.#presence.current(fresh),
      cwd: this.#currentCwd(),
      cols: this.#cols,
      rows: this.#rows,
      subscribers: this.#broadcaster.subscriberCount,
      exited: this.#exit,
    };
  }

  /**
   * Subscribe: the snapshot of the current screen is sent first, then `onAttached` runs (the
   * connection answers the request there), then live output continues exactly where the
   * snapshot ends.
   */
  attach(subscriber: Subscriber, onAttached: (size: { cols: number; rows: number }) => void): void {
    this.#broadcaster.attach(subscriber);
    this.#numbers.set(subscriber, this.#numbers.size + 1);
    this.#lifecycle.setWatchers(this.#broadcaster.subscriberCount);
    this.#sendSnapshot(subscriber, onAttached);
    this.#presence.watching();
  }

  detach(subscriber: Subscriber, reason?: DetachedEvent['reason']): void {
    this.#broadcaster.detach(subscriber, reason);
    this.#lifecycle.setWatchers(this.#broadcaster.subscriberCount);
  }

  /** Drops the subscription if there is one (a connection that closed). */
  release(subscriber: Subscriber): void {
    if (this.#broadcaster.has(subscriber)) this.detach(subscriber);
  }

  ack(subscriber: Subscriber, count: number): void {
    this.#broadcaster.ack(subscriber, count);
  }

  suspend(subscriber: Subscriber): void {
    this.#broadcaster.suspend(subscriber);
  }

  resume(subscriber: Subscriber): void {
    if (!this.#broadcaster.resume(subscriber)) return;
    this.#sendSnapshot(subscriber);
    this.#presence.watching();
  }

  input(data: string): void {
    if (this.#exit) throw new SessionError('session_exited', `session ${this.id} has exited`);
    this.#pty.write(data);
    this.#presence.activity();
  }

  /** The PTY's one size (tmux's `latest`); `cell` is the sizing window's cell in CSS pixels. */
  resize(cols: number, rows: number, cell?: { width: number; height: number }): void {
    if (this.#exit) return;
    if (cell) this.#mirror.setCellSize(cell.width, cell.height);
    if (cols === this.#cols && rows === this.#rows) return;
    this.#cols = cols;
    this.#rows = rows;
    this.#pty.resize(cols, rows);
    this.#mirror.resize(cols, rows);
    // Every view adopts the one size of the PTY, at this point of the stream.
    this.#broadcaster.streamEvent({ type: 'size', session: this.id, cols, rows });
  }

  /** The user closed the session: signal the program; it is reaped once it has exited and nobody watches. */
  close(signal?: KillSignal): void {
    this.#lifecycle.close();
    this.kill(signal);
  }

  kill(signal?: KillSignal): void {
    if (this.#exit) return;
    this.#pty.kill(signal);
    this.#broadcaster.liftPause();
  }

  /** After exit: whatever is left in the program's process group goes too (no process left behind). */
  killProcessGroup(): void {
    this.#pty.killProcessGroup();
  }

  dispose(): void {
    this.#lifecycle.dispose();
    this.#presence.dispose();
    this.#broadcaster.dispose();
    this.#mirror.dispose();
    this.#onReap.dispose();
  }

  #carryOut(decision: BroadcastDecision<Subscriber>): void {
    switch (decision.type) {
      case 'send':
        if (this.#trace && decision.event.type === 'output') {
          this.#emitTrace({
            type: 'send',
            session: this.id,
            subscriber: this.#numbers.get(decision.subscriber) ?? 0,
            bytes: Buffer.byteLength(decision.event.data),
          });
        }
        decision.subscriber.send(decision.event);
        return;
      case 'pause':
        this.#pty.pause();
        this.#emitTrace({ type: 'pty', session: this.id, paused: true, cause: decision.cause });
        return;
      case 'resume':
        this.#pty.resume();
        this.#emitTrace({ type: 'pty', session: this.id, paused: false, cause: 'none' });
        return;
      case 'detached':
        this.#lifecycle.setWatchers(this.#broadcaster.subscriberCount);
        return;
    }
  }

  #carryOutLifecycle(decision: LifecycleDecision): void {
    if (decision.type === 'kill') this.kill('SIGHUP');
    else this.#onReap.fire();
  }

  #sendSnapshot(subscriber: Subscriber, onAttached?: (size: { cols: number; rows: number }) => void): void {
    // If the session has already exited, its exit follows the snapshot; if it exits while the
    // snapshot is being made, the exit is queued in the subscription behind the last output.
    const exitedBefore = this.#exit;
    const deliver = (snapshot: MirrorSnapshot): void => {
      const delivered = this.#broadcaster.deliverSnapshot(
        subscriber,
        { type: 'snapshot', session: this.id, ...snapshot },
        () => onAttached?.({ cols: snapshot.cols, rows: snapshot.rows }),
      );
      if (!delivered) return;
      subscriber.send({ type: 'title', session: this.id, title: this.#presence.title });
      if (exitedBefore)
        this.#broadcaster.streamEventTo(subscriber, { type: 'exit', session: this.id, ...exitedBefore });
    };
    this.#mirror.snapshot().then(deliver, (error: unknown) => {
      // The mirror's worker died: the view still gets the live stream, from an empty screen, and
      // is told why rather than left waiting for a snapshot that will never come.
      this.#broadcaster.error(
        subscriber,
        `session ${this.id} has no screen copy (${String(error)}); showing live output only`,
      );
      deliver({ data: '', cols: this.#cols, rows: this.#rows, scrollback: this.#mirror.scrollback });
    });
  }

  #handleData(data: string): void {
    const bytes = Buffer.byteLength(data, 'utf8');
    this.#emitTrace({ type: 'read', session: this.id, bytes });
    this.#mirror.write(data, bytes);
    this.#broadcaster.output(data, bytes);
    this.#broadcaster.mirrorLag(this.#mirror.lagBytes);
    this.#presence.activity();
  }

  #handleExit(exit: ExitInfo): void {
    this.#exit = { exitCode: exit.exitCode, signal: exit.signal };
    this.#broadcaster.streamEvent({ type: 'exit', session: this.id, ...this.#exit });
    this.#broadcaster.end();
    this.#presence.ended();
    this.#onExit.fire(this.#exit);
    this.#lifecycle.exited();
  }

  #currentCwd(): string {
    if (this.#exit === null) {
      const cwd = this.#pty.cwd();
      if (cwd !== undefined) return cwd;
    }
    return this.#oscCwdPath() ?? this.#initialCwd;
  }

  /** The path of an OSC 7 `file://host/path`, where the platform cannot tell the cwd itself. */
  #oscCwdPath(): string | undefined {
    if (this.#oscCwd === undefined) return undefined;
    try {
      const url = new URL(this.#oscCwd);
      return url.protocol === 'file:' ? decodeURIComponent(url.pathname) : undefined;
    } catch {
      return undefined; // not a URL: nothing to go by
    }
  }

  #emitTrace(event: FlowTraceEvent): void {
    this.#trace?.(event, this.#clock.now());
  }
}
