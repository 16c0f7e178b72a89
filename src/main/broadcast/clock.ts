/**
 * Time as the broadcaster sees it. The service uses the system clock; tests step a manual one, so
 * interval logic is asserted exactly without waiting or flaky timing.
 */

/** Whatever the clock's `setTimeout` returns; only its `clearTimeout` looks inside. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
