/**
 * `window.__benchProbe`: what the browser bench measures inside a page, Sluice's or the bare one,
 * with the same code on both (bench/probe/pageProbe.ts, injected before the page's own scripts).
 * Times are the page's `performance.now()` clock, in ms. Types only: shared by the page and Node.
 */

/** One keystroke's echo, split at the socket. */
export interface EchoTimes {
  /** The keydown event's `timeStamp` (when the browser created it). */
  readonly keydownAt: number;
  /** The page's `input` message carrying the key left through `WebSocket.send`. */
  readonly sentAt: number;
  /** The first frame received on the socket that carries the echoed character. */
  readonly frameAt: number;
  /** The terminal's DOM rows changed to show it (inside the animation frame that paints it). */
  readonly screenAt: number;
}

/** One flood, from the Enter that runs it to its last line on screen. */
export interface FloodTimes {
  readonly keydownAt: number;
  readonly screenAt: number;
  /** The longest task the Long Tasks API reported (it reports only tasks over 50 ms), or 0. */
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** The longest gap between two animation frames while the flood ran. */
  readonly longestFrameGapMs: number;
  readonly frames: number;
}

export interface BenchProbe {
  /**
   * The next keydown starts an echo sample of `char`; it ends when a row of the terminal contains
   * `shown`. Collect it with `echoResult`.
   */
  armEcho(char: string, shown: string): void;
  /** Rejects if the sample has not ended `timeoutMs` after this call. */
  echoResult(timeoutMs: number): Promise<EchoTimes>;
  /** The next Enter starts a flood; it ends when a row of the terminal reads exactly `lastLine`. */
  armFlood(lastLine: string): void;
  floodResult(timeoutMs: number): Promise<FloodTimes>;
  /** The terminal's rendered rows, as text. */
  rows(): string[];
}

/** How Node code reaches the probe in `page.evaluate` (the bench's own tsconfig has no DOM). */
export interface ProbeGlobals {
  readonly __benchProbe: BenchProbe;
}
