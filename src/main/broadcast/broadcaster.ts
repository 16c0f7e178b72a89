/**
 * The broadcaster of one session: its subscriptions (one per window showing it), the mirror's lag,
 * and the decisions that follow from them — send this event to that subscriber, pause or resume the
 * PTY, detach a subscriber. A plain class on an injected clock: it performs no I/O, it hands every
 * decision to `act`, so tests step time by hand and assert the exact sequence of decisions.
 *
 * The rule it keeps (docs/flow-control.md): the PTY is paused while any counted subscriber is red
 * or the mirror is more than its budget behind, and resumed once every counted subscriber is green
 * and the mirror has caught up to half its budget. Counted: live subscribers, not suspended ones
 * (a hidden tab never blocks its session) and none under auto-disconnect (they are detached
 * instead).
 */
import type { FlowConfig } from '../../shared/flow';
import type { DetachedEvent, FlowLevel, SessionEvent, SnapshotEvent } from '../../shared/protocol';
import type { Clock } from './clock';
import { Subscription, type AckResult } from './subscription';

/**
 * The mirror resumes the PTY once its backlog is down to this fraction of its budget. It parses as
 * fast as it can, so unlike a window it is resumed early: with half the budget still queued it never
 * runs dry while the PTY restarts, and a flood runs at the parser's full speed.
 */
export const MIRROR_RESUME_FRACTION = 0.5;

export type PauseCause = 'view' | 'mirror';

export type BroadcastDecision<S> =
  /** Post `event` to `subscriber`. */
  | { readonly type: 'send'; readonly subscriber: S; readonly event: SessionEvent }
  /** Stop reading the PTY: the program blocks on write. */
  | { readonly type: 'pause'; readonly cause: PauseCause }
  | { readonly type: 'resume' }
  /** The subscription is gone (it has been told, with a `detached` event sent just before). */
  | { readonly type: 'detached'; readonly subscriber: S; readonly reason: DetachedEvent['reason'] };

export interface BroadcasterOptions<S> {
  readonly session: number;
  readonly flow: FlowConfig;
  readonly clock: Clock;
  /** Unparsed bytes the mirror may hold before the PTY waits for it. */
  readonly mirrorBudgetBytes: number;
  readonly act: (decision: BroadcastDecision<S>) => void;
  /** Every level change of a subscription, after its warning went out (for the flow trace). */
  readonly onLevel?: (subscriber: S, level: FlowLevel, subscription: Subscription) => void;
}

export class BroadcastError extends Error {
  constructor(
    readonly code: 'not_attached' | 'already_attached' | 'bad_ack',
    message: string,
  ) {
    super(message);
    this.name = 'BroadcastError';
  }
}

export class Broadcaster<S> {
  readonly #options: BroadcasterOptions<S>;
  readonly #subscriptions = new Map<S, Subscription>();
  #paused = false;
  #mirrorBehind = false;
  #ended = false;

  constructor(options: BroadcasterOptions<S>) {
    this.#options = options;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get subscriberCount(): number {
    return this.#subscriptions.size;
  }

  /** Subscribers that are shown somewhere (not suspended). */
  get liveCount(): number {
    let live = 0;
    for (const subscription of this.#subscriptions.values()) if (!subscription.suspended) live++;
    return live;
  }

  has(subscriber: S): boolean {
    return this.#subscriptions.has(subscriber);
  }

  subscription(subscriber: S): Subscription {
    const subscription = this.#subscriptions.get(subscriber);
    if (!subscription) {
      throw new BroadcastError('not_attached', `not attached to session ${this.#options.session}`);
    }
    return subscription;
  }

  /** A new subscription, waiting for its snapshot (`deliverSnapshot`); output queues meanwhile. */
  attach(subscriber: S): void {
    if (this.#subscriptions.has(subscriber)) {
      throw new BroadcastError('already_attached', `already attached to session ${this.#options.session}`);
    }
    const { session, flow, clock, act } = this.#options;
    const subscription: Subscription = new Subscription({
      session,
      flow,
      clock,
      send: (event) => act({ type: 'send', subscriber, event }),
      onLevelChange: (level) => this.#levelChanged(subscriber, level, subscription),
    });
    this.#subscriptions.set(subscriber, subscription);
  }

  /**
   * Starts (or restarts, after a resume) a subscription with its snapshot; queued output follows.
   * False if the subscription is gone or not waiting for one (a suspend crossed the snapshot).
   */
  deliverSnapshot(subscriber: S, snapshot: SnapshotEvent, afterSnapshot?: () => void): boolean {
    const subscription = this.#subscriptions.get(subscriber);
    if (!subscription?.snapshotting) return false;
    subscription.deliverSnapshot(snapshot, afterSnapshot);
    return true;
  }

  /** Ends a subscription; with a `reason` the subscriber is told (`detached` event). */
  detach(subscriber: S, reason?: DetachedEvent['reason']): void {
    const subscription = this.subscription(subscriber);
    subscription.close();
    this.#subscriptions.delete(subscriber);
    if (reason !== undefined) {
      this.#options.act({
        type: 'send',
        subscriber,
        event: { type: 'detached', session: this.#options.session, reason },
      });
      this.#options.act({ type: 'detached', subscriber, reason });
    }
    this.#update();
  }

  ack(subscriber: S, count: number): void {
    const result: AckResult = this.subscription(subscriber).ack(count);
    if (!result.ok) throw new BroadcastError('bad_ack', result.message);
  }

  suspend(subscriber: S): void {
    this.subscription(subscriber).suspend();
    this.#update();
  }

  /** Shows a suspended subscriber again; true if it now waits for a fresh snapshot. */
  resume(subscriber: S): boolean {
    const subscription = this.subscription(subscriber);
    if (!subscription.suspended) return false;
    subscription.resume();
    this.#update();
    return true;
  }

  /** Output of the session, in order, to every subscription. */
  output(data: string, bytes: number): void {
    for (const subscription of this.#subscriptions.values()) subscription.push(data, bytes);
  }

  /** An event that belongs to the stream (exit, size): after the output queued before it. */
  streamEvent(event: SessionEvent): void {
    for (const subscription of this.#subscriptions.values()) subscription.pushEvent(event);
  }

  /** A stream event for one subscriber (the exit of a session that ended before it attached). */
  streamEventTo(subscriber: S, event: SessionEvent): void {
    this.#subscriptions.get(subscriber)?.pushEvent(event);
  }

  /**
   * An event about the session rather than its output (title, bell): at once, to every subscriber,
   * suspended ones too — a background tab shows its title and its bell mark.
   */
  notify(event: SessionEvent): void {
    for (const subscription of this.#subscriptions.values()) subscription.notify(event);
  }

  /** A problem of one subscription, told outside the stream. */
  error(subscriber: S, message: string): void {
    this.#subscriptions.get(subscriber)?.sendError(message);
  }

  /** The mirror's backlog of unparsed bytes changed. */
  mirrorLag(lagBytes: number): void {
    const budget = this.#options.mirrorBudgetBytes;
    const behind = this.#mirrorBehind ? lagBytes >= budget * MIRROR_RESUME_FRACTION : lagBytes >= budget;
    if (behind === this.#mirrorBehind) return;
    this.#mirrorBehind = behind;
    this.#update();
  }

  /**
   * The program has exited: its last output is queued, so nothing holds the PTY any more; a pause
   * is lifted at once, so the rest of its output (at most the kernel's buffer) can be read.
   */
  end(): void {
    this.#ended = true;
    this.#update();
  }

  /**
   * Lifts a pause now: the program is being killed, and a paused PTY would hold its exit (and the
   * last of its output, at most the kernel's buffer) back until some window acks.
   */
  liftPause(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#options.act({ type: 'resume' });
  }

  /** Drops every subscription, without telling anyone (the session is being disposed). */
  dispose(): void {
    for (const subscription of this.#subscriptions.values()) subscription.close();
    this.#subscriptions.clear();
  }

  #levelChanged(subscriber: S, level: FlowLevel, subscription: Subscription): void {
    this.#options.onLevel?.(subscriber, level, subscription);
    if (level === 'red' && this.#options.flow.autoDisconnect && this.#subscriptions.has(subscriber)) {
      this.detach(subscriber, 'backpressure');
      return;
    }
    this.#update();
  }

  #update(): void {
    if (this.#ended) {
      if (this.#paused) {
        this.#paused = false;
        this.#options.act({ type: 'resume' });
      }
      return;
    }
    const levels: FlowLevel[] = [];
    if (!this.#options.flow.autoDisconnect) {
      for (const subscription of this.#subscriptions.values()) {
        if (!subscription.suspended) levels.push(subscription.level);
      }
    }
    if (!this.#paused && (this.#mirrorBehind || levels.includes('red'))) {
      this.#paused = true;
      this.#options.act({ type: 'pause', cause: this.#mirrorBehind ? 'mirror' : 'view' });
    } else if (this.#paused && !this.#mirrorBehind && levels.every((level) => level === 'green')) {
      this.#paused = false;
      this.#options.act({ type: 'resume' });
    }
  }
}
