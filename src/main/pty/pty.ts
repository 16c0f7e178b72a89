/**
 * The one narrow interface to a pseudo-terminal. Everything above this file (sessions, service,
 * tests) sees only `Pty` and `spawnPty`; node-pty is an implementation detail of this folder.
 */
import type { Event } from '../../shared/event';

export interface PtySpawnOptions {
  /** Program to run; resolved through PATH when it has no slash. */
  readonly shell: string;
  readonly args: readonly string[];
  /** Must be an existing directory. */
  readonly cwd: string;
  /** The complete environment of the child (the caller merges TERM, COLORTERM, ...). */
  readonly env: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
}

export interface PtyExit {
  readonly exitCode: number;
  /** The signal number that ended the process, or null if it exited normally. */
  readonly signal: number | null;
}

/** The process group leader in the terminal's foreground. */
export interface ForegroundProcess {
  readonly pid: number;
  /** The basename of its argv[0] (a login shell's leading `-` removed), else its kernel name. */
  readonly name: string;
}

export interface Pty {
  readonly pid: number;
  /**
   * The name of the foreground process (node-pty's `process`), else the program's own name.
   * @deprecated Use `foreground()`, which also says which process it is; kept until the session
   * has switched.
   */
  readonly process: string;
  /**
   * The process group leader in the terminal's foreground (the shell itself when idle), or
   * undefined once exited or where the platform cannot tell (macOS and Windows, see
   * docs/pty-exit-loss.md). Cheap: two small reads of /proc on Linux.
   */
  foreground(): ForegroundProcess | undefined;
  /**
   * The shell's current directory (Linux: readlink /proc/<pid>/cwd), or undefined once exited or
   * where the platform cannot tell cheaply (macOS, Windows).
   */
  cwd(): string | undefined;
  /**
   * After exit: SIGKILL whatever is left in the program's process group (a pipeline stage, a
   * background job that ignored the hang-up), so that closing a session leaves no process
   * behind. ESRCH (the group is already empty) and EPERM (its id now names another user's
   * group) are swallowed; a no-op on Windows, where node-pty's kill() ends the whole console.
   */
  killProcessGroup(): void;
  /**
   * Output decoded as UTF-8; a multi-byte character is never split across two events.
   * Every byte the program wrote to the terminal arrives, including the last ones before exit.
   */
  readonly onData: Event<string>;
  /** Fires once, strictly after the last `onData`. */
  readonly onExit: Event<PtyExit>;
  /** Input to the program, encoded as UTF-8. A no-op after exit. */
  write(data: string): void;
  /** Sets the terminal size (callers validate the numbers). A no-op after exit. */
  resize(cols: number, rows: number): void;
  /**
   * Stop reading from the master: the kernel buffer fills and the program blocks on write.
   * If the program exits while paused, `onExit` waits: it fires after `resume()` has delivered
   * the remaining output.
   */
  pause(): void;
  resume(): void;
  /**
   * Send a signal (default SIGHUP, as a closing terminal would). Safe to call after exit (then a
   * no-op: the pid may already belong to another process).
   */
  kill(signal?: string): void;
}
