/**
 * A session's life, in one place: running → exited, watched or unwatched, → reaped.
 *
 *   running ──exit──▶ exited
 *      │                │        (either one, once nobody watches it: unwatched, for the grace)
 *      └──── unwatched ─┴──grace over──▶ running: hang up the program (it is reaped when it exits)
 *                                        exited:  reaped
 *   close (the user closed it): reaped as soon as it has exited and nobody watches it.
 *
 * "Watched" means some connection is attached, visible or hidden; a session nobody has attached yet
 * is unwatched from the start, so a session created and never shown is reaped too. The grace lets
 * a reloading window (Ctrl+R) or a reconnecting browser find its sessions again. A plain class on
 * the injected clock that performs no I/O: it hands its decisions (`kill`, `reap`) to `act`.
 */
import type { Clock, TimerHandle } from './broadcast/clock';

export type LifecycleState = 'running' | 'exited' | 'unwatched' | 'reaped';

export type LifecycleDecision =
  /** The grace ran out while the program runs: end it (it is reaped once it has exited). */
  | { readonly type: 'kill' }
  /** Remove the session: nobody can see it any more and its program has ended. */
  | { readonly type: 'reap' };

export interface SessionLifecycleOptions {
  readonly clock: Clock;
  /** How long an unwatched session lives on; 0: forever (until closed or disposed). */
  readonly graceMs: number;
  readonly act: (decision: LifecycleDecision) => void;
}

export class SessionLifecycle {
  readonly #options: SessionLifecycleOptions;
  #exited = false;
  #watchers = 0;
  /** The user closed it, or the grace ran out: reap at exit, without another grace. */
  #closing = false;
  #reaped = false;
  #timer: TimerHandle | undefined;

  constructor(options: SessionLifecycleOptions) {
    this.#options = options;
    this.#startGrace();
  }

  get state(): LifecycleState {
    if (this.#reaped) return 'reaped';
    if (this.#watchers === 0) return 'unwatched';
    return this.#exited ? 'exited' : 'running';
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** The number of connections attached changed. */
  setWatchers(count: number): void {
    if (this.#reaped) return;
    const was = this.#watchers;
    this.#watchers = count;
    if (was > 0 && count === 0) this.#becameUnwatched();
    else if (was === 0 && count > 0) this.#stopGrace();
  }

  exited(): void {
    if (this.#reaped || this.#exited) return;
    this.#exited = true;
    if (this.#closing && this.#watchers === 0) this.#reap();
  }

  /** The user closed the session (its program is being signalled). */
  close(): void {
    if (this.#reaped) return;
    this.#closing = true;
    if (this.#exited && this.#watchers === 0) this.#reap();
  }

  /** The service is going away: no more decisions. */
  dispose(): void {
    this.#stopGrace();
    this.#reaped = true;
  }

  #becameUnwatched(): void {
    if (this.#closing && this.#exited) this.#reap();
    else this.#startGrace();
  }

  #startGrace(): void {
    this.#stopGrace();
    if (this.#options.graceMs === 0) return;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#graceOver();
    }, this.#options.graceMs);
  }

  #stopGrace(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #graceOver(): void {
    if (this.#reaped || this.#watchers > 0) return;
    if (this.#exited) {
      this.#reap();
      return;
    }
    this.#closing = true;
    this.#options.act({ type: 'kill' });
  }

  #reap(): void {
    this.#stopGrace();
    this.#reaped = true;
    this.#options.act({ type: 'reap' });
  }
}
