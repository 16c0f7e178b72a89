/**
 * Quitting waits for the terminal service to end every session: the first `will-quit` is held
 * back (`preventDefault`) while `dispose()` runs, then the app quits for real. Nothing is left
 * running after Sluice exits, and a slow dispose cannot be skipped by quitting twice.
 */
import type { Preventable } from './windowPolicy';

/**
 * How long quitting waits for the service at most. `dispose` itself ends each shell within its
 * SIGHUP grace and then SIGKILLs it; only a process stuck in the kernel (uninterruptible sleep,
 * which not even SIGKILL ends) outlasts that, and it must not keep the app from quitting.
 */
export const QUIT_TIMEOUT_MS = 10_000;

export interface QuitGuardOptions {
  dispose(): Promise<void>;
  /** `app.quit()`: called once the dispose settled; the guard then lets `will-quit` through. */
  quit(): void;
  onError(error: unknown): void;
  /** Default `QUIT_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

export function createQuitGuard(options: QuitGuardOptions): (event: Preventable) => void {
  const timeoutMs = options.timeoutMs ?? QUIT_TIMEOUT_MS;
  let state: 'running' | 'disposing' | 'disposed' = 'running';
  return (event) => {
    if (state === 'disposed') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the terminal service did not stop within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    Promise.race([options.dispose(), timedOut])
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        clearTimeout(timer);
        state = 'disposed';
        options.quit();
      });
  };
}
