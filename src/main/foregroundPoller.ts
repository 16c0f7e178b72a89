/**
 * When to look at which program is in a session's foreground (for the tab title and the close
 * confirmation). The foreground only changes when something happens — the user types a command,
 * a program prints or ends (the prompt is output too) — so a check follows activity, trailing it
 * by `FOREGROUND_CHECK_MS`, never more than once per that interval, and there is always one that
 * comes after the last activity (activity during a pending check earns a follow-up): at most four
 * checks a second for a session someone watches, none while it is quiet, none at all while no
 * window shows it.
 */
import type { Clock, TimerHandle } from './broadcast/clock';

/**
 * The trailing delay and the minimum interval of checks. A quarter second is long enough for a
 * command typed at the prompt to have been forked and exec'd, and short enough that a tab's title
 * follows a program that starts or ends without a visible lag.
 */
export const FOREGROUND_CHECK_MS = 250;

export interface ForegroundPollerOptions {
  readonly clock: Clock;
  /** Whether anyone watches the session now (a check for nobody is wasted). */
  readonly active: () => boolean;
  readonly check: () => void;
}

export class ForegroundPoller {
  readonly #options: ForegroundPollerOptions;
  #timer: TimerHandle | undefined;
  /** Activity since the pending check was scheduled: the check may come too early for it. */
  #again = false;

  constructor(options: ForegroundPollerOptions) {
    this.#options = options;
  }

  /** Something happened (input, output, a title): check once things have had time to settle. */
  poke(): void {
    if (!this.#options.active()) return;
    if (this.#timer !== undefined) {
      this.#again = true;
      return;
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#options.active()) return;
      this.#options.check();
      if (this.#again) {
        this.#again = false;
        this.poke();
      }
    }, FOREGROUND_CHECK_MS);
  }

  /** A window started watching: check now. */
  now(): void {
    if (this.#options.active()) this.#options.check();
  }

  dispose(): void {
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#again = false;
  }
}
