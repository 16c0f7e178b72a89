/**
 * When to look at which program is in a session's foreground (for the tab title and the close
 * confirmation). The foreground mostly changes when something happens — the user types a command,
 * a program prints or ends (the prompt is output too) — so a check follows activity, trailing it
 * by `FOREGROUND_CHECK_MS`, never more than once per that interval, and there is always one that
 * comes after the last activity (activity during a pending check earns a follow-up). But a program
 * can also change hands in silence (`sh -c 'sleep 1; exec cat'`, or a command slow to start on a
 * busy machine), so while a window shows the session a check also comes every
 * `FOREGROUND_IDLE_MS` when nothing else happens: at most four checks a second while active, one
 * a second while quiet, none at all while no window shows it.
 */
import type { Clock, TimerHandle } from './broadcast/clock';

/**
 * The trailing delay and the minimum interval of checks. A quarter second is long enough for a
 * command typed at the prompt to have been forked and exec'd, and short enough that a tab's title
 * follows a program that starts or ends without a visible lag.
 */
export const FOREGROUND_CHECK_MS = 250;

/**
 * The check that comes when nothing happens: a program that takes the foreground in silence shows
 * in its tab within a second. A check is two small /proc reads (~36 µs), so one a second per
 * visible session costs nothing measurable.
 */
export const FOREGROUND_IDLE_MS = 1000;

export interface ForegroundPollerOptions {
  readonly clock: Clock;
  /** Whether anyone watches the session now (a check for nobody is wasted). */
  readonly active: () => boolean;
  readonly check: () => void;
}

export class ForegroundPoller {
  readonly #options: ForegroundPollerOptions;
  #timer: TimerHandle | undefined;
  /** When the pending check is due. */
  #due = 0;
  /** Activity since the pending check was scheduled: the check may come too early for it. */
  #again = false;

  constructor(options: ForegroundPollerOptions) {
    this.#options = options;
  }

  /** Something happened (input, output, a title): check once things have had time to settle. */
  poke(): void {
    if (!this.#options.active()) return;
    const due = this.#options.clock.now() + FOREGROUND_CHECK_MS;
    if (this.#timer !== undefined && this.#due <= due) {
      this.#again = true;
      return;
    }
    this.#arm(FOREGROUND_CHECK_MS); // replaces a later idle check
  }

  /** A window started watching: check now. */
  now(): void {
    if (!this.#options.active()) return;
    this.#options.check();
    if (this.#timer === undefined) this.#arm(FOREGROUND_IDLE_MS);
  }

  #arm(delay: number): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#due = this.#options.clock.now() + delay;
    this.#timer = this.#options.clock.setTimeout(() => this.#fire(), delay);
  }

  #fire(): void {
    this.#timer = undefined;
    if (!this.#options.active()) {
      this.#again = false;
      return;
    }
    this.#options.check();
    const again = this.#again;
    this.#again = false;
    this.#arm(again ? FOREGROUND_CHECK_MS : FOREGROUND_IDLE_MS);
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#again = false;
  }
}
