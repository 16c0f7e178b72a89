/**
 * What a session's tab shows about it besides its output: its live title and its bell. It feeds
 * the title tracker with foreground checks, at the moments the foreground poller chooses and when
 * a program sets a title, and tells the views (title and bell events) when something changed.
 * The decisions are TitleTracker's and ForegroundPoller's; this class only schedules and sends.
 */
import type { BellEvent, TitleEvent } from '../shared/protocol';
import type { Clock } from './broadcast/clock';
import { ForegroundPoller } from './foregroundPoller';
import { TitleTracker, type Foreground, type TitleOp } from './titleTracker';

/**
 * A bell storm (`yes $'\a'`) must not become an event storm: at most one bell event per this many
 * ms per session. A fifth of a second still marks every bell a person could tell apart.
 */
export const BELL_INTERVAL_MS = 200;

/**
 * A title belongs to the program in the foreground when it was set, so its arrival is a reason to
 * look at once — but a title storm (a program setting one per line) must not become a storm of
 * /proc reads: within this many ms of the last such look, the last check decides.
 */
export const TITLE_CHECK_MIN_MS = 50;

export interface SessionPresenceOptions {
  readonly session: number;
  readonly clock: Clock;
  /** The shell (the foreground when idle). */
  readonly shell: Foreground;
  /** The foreground program now (a cheap OS read), or undefined where the platform cannot tell. */
  readonly foreground: () => Foreground | undefined;
  /** Whether any view shows the session (no checks for nobody). */
  readonly watched: () => boolean;
  /** Tells every view, hidden ones too. */
  readonly notify: (event: TitleEvent | BellEvent) => void;
}

export interface Presence {
  readonly title: string;
  readonly process: string;
  readonly busy: boolean;
}

export class SessionPresence {
  readonly #options: SessionPresenceOptions;
  readonly #titles: TitleTracker;
  readonly #poller: ForegroundPoller;
  #sentTitle: string;
  #lastTitleCheck = Number.NEGATIVE_INFINITY;
  #lastBell = Number.NEGATIVE_INFINITY;
  #ended = false;

  constructor(options: SessionPresenceOptions) {
    this.#options = options;
    this.#titles = new TitleTracker(options.shell);
    this.#sentTitle = this.#titles.title;
    this.#poller = new ForegroundPoller({
      clock: options.clock,
      active: () => !this.#ended && options.watched(),
      check: () => this.#check(),
    });
  }

  get title(): string {
    return this.#titles.title;
  }

  /** Input or output: the foreground may have changed. */
  activity(): void {
    this.#poller.poke();
  }

  /** A view started watching (attach, or shown again): look now. */
  watching(): void {
    this.#poller.now();
  }

  /**
   * What the program did to its title, in order: set one (OSC 0/2; '' clears it), pushed it on
   * the title stack (CSI 22 t), popped one (CSI 23 t: it keeps the owner it had when pushed).
   * The views hear of the result once.
   */
  titles(ops: readonly TitleOp[]): void {
    for (const op of ops) {
      if (op.kind === 'push') {
        this.#titles.pushTitle();
      } else if (op.kind === 'restore') {
        this.#titles.restoreTitle(op.title);
      } else {
        const now = this.#options.clock.now();
        if (!this.#ended && now - this.#lastTitleCheck >= TITLE_CHECK_MIN_MS) {
          this.#lastTitleCheck = now;
          this.#titles.setForeground(this.#options.foreground());
        }
        this.#titles.setProgramTitle(op.title);
      }
    }
    if (ops.some((op) => op.kind !== 'push')) this.#poller.poke();
    this.#send();
  }

  bell(): void {
    const now = this.#options.clock.now();
    if (now - this.#lastBell < BELL_INTERVAL_MS) return;
    this.#lastBell = now;
    this.#options.notify({ type: 'bell', session: this.#options.session });
  }

  /**
   * Someone asks (the list, a close confirmation): a fresh look first if a window shows the
   * session or the asker wants one (`fresh`, before closing); otherwise what was last seen, so a
   * window's periodic list does not look at every hidden session.
   */
  current(fresh = false): Presence {
    if (!this.#ended && (fresh || this.#options.watched())) this.#check();
    return { title: this.#titles.title, process: this.#titles.process, busy: !this.#ended && this.#titles.busy };
  }

  /** The program exited: nothing runs in the foreground any more. */
  ended(): void {
    this.#ended = true;
    this.#poller.dispose();
    this.#titles.exited();
    this.#send();
  }

  dispose(): void {
    this.#poller.dispose();
  }

  #check(): void {
    this.#titles.setForeground(this.#options.foreground());
    this.#send();
  }

  #send(): void {
    const title = this.#titles.title;
    if (title === this.#sentTitle) return;
    this.#sentTitle = title;
    this.#options.notify({ type: 'title', session: this.#options.session, title });
  }
}
