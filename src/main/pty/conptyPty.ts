/**
 * Windows: a `Pty` over node-pty's own `spawn` (ConPTY; node-pty falls back to winpty before
 * Windows 10 build 18309), with node-pty's data path untouched. There is no pty master fd on
 * Windows to read ourselves (node-pty exports no native `fork` there): ConPTY's output pipe is read
 * by node-pty on a worker thread (lib/windowsConoutConnection.js) and reaches us as the 'data'
 * events of a `net.Socket` decoding UTF-8, so a character is never split across two events.
 *
 * What holds, from reading node-pty 1.1.0's lib/windowsTerminal.js and lib/windowsPtyAgent.js
 * (not run: there is no Windows machine here; see docs/pty-exit-loss.md, "Platforms"):
 * - Exit comes after data: node-pty emits 'exit' from that socket's 'close', and a Readable emits
 *   no 'data' after 'close'.
 * - node-pty closes the socket FLUSH_DATA_INTERVAL (1 s) after ConPTY reports the process's exit,
 *   restarting the wait on every 'data' event. Output ConPTY hands over later than that is lost,
 *   and so is output still buffered in the socket if it is paused then (destroy() discards it).
 *   That bounds how long a paused Windows session keeps its last output; a pause shorter than 1 s
 *   loses nothing.
 * - pause() is `Readable.pause()`: no 'data' event from then on; the socket reads on until its
 *   buffer is full, then stops reading the pipe, and ConPTY blocks the program.
 * - Signals do not exist: node-pty's kill() throws if given one, and without one it closes the
 *   pseudo-console and terminates every process attached to it.
 */
import path from 'node:path';
import type * as NodePty from 'node-pty';
import { Emitter } from '../../shared/event';
import type { ForegroundProcess, Pty, PtyExit, PtySpawnOptions } from './pty';
import { checkCwd } from './spawnChecks';

/**
 * The exit code reported when node-pty closes the terminal before ConPTY has reported the
 * process's exit (its 'exit' then carries `undefined`): that happens after our kill(), and
 * node-pty's kill terminates the console's processes with Node's `process.kill`, which on
 * Windows is TerminateProcess with exit code 1 (libuv's uv_kill).
 */
const TERMINATED_EXIT_CODE = 1;

export class ConptyPty implements Pty {
  readonly #onData = new Emitter<string>();
  readonly #onExit = new Emitter<PtyExit>();
  readonly onData = this.#onData.event;
  readonly onExit = this.#onExit.event;

  readonly #term: NodePty.IPty;
  readonly #name: string;
  #paused = false;
  /** node-pty reported the exit; nothing may be written, resized or killed any more. */
  #exit: PtyExit | undefined;
  #exitFired = false;
  #pendingExit: NodeJS.Immediate | undefined;

  /** `shell` names the program for `process` (node-pty's own `process` is the terminal name). */
  constructor(term: NodePty.IPty, shell: string) {
    this.#term = term;
    this.#name = path.win32.basename(shell);
    term.onData((data) => this.#onData.fire(data));
    term.onExit(({ exitCode }) => {
      // Typed as a number, but undefined when the terminal closed before the process's exit was
      // seen (windowsTerminal.js emits `this._agent.exitCode`). Windows has no signals.
      const code: unknown = exitCode;
      this.#exit = { exitCode: typeof code === 'number' ? code : TERMINATED_EXIT_CODE, signal: null };
      if (!this.#paused) this.#fireExit();
    });
  }

  get pid(): number {
    return this.#term.pid;
  }

  /**
   * @deprecated Use `foreground()`. node-pty's `process` on Windows is the terminal's `name`
   * option (e.g. xterm-256color), not a process, so this is the program Sluice started.
   */
  get process(): string {
    return this.#name;
  }

  /** ConPTY does not say which program is in front; undefined rather than a guess. */
  foreground(): ForegroundProcess | undefined {
    return undefined;
  }

  /** Windows has no cheap way to read another process's current directory. */
  cwd(): string | undefined {
    return undefined;
  }

  /** No process groups: node-pty's kill() already ends every process on the console. */
  killProcessGroup(): void {}

  write(data: string): void {
    if (this.#exit === undefined) this.#term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.#exit !== undefined) return;
    try {
      this.#term.resize(cols, rows);
    } catch (error) {
      // The process exited and node-pty knows it before its 'exit' has reached us
      // (windowsPtyAgent.js: "Cannot resize a pty that has already exited"): a no-op, as after exit.
      if (!(error instanceof Error && error.message.includes('already exited'))) throw error;
    }
  }

  pause(): void {
    if (this.#paused || this.#exitFired) return;
    this.#paused = true;
    this.#term.pause();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#exit === undefined) {
      this.#term.resume();
    } else if (this.#pendingExit === undefined) {
      // The exit came while paused. Deferred so that resume() never calls listeners from inside
      // the caller (as on Unix); the socket is closed, so no data can come in between.
      this.#pendingExit = setImmediate(() => {
        this.#pendingExit = undefined;
        if (!this.#paused) this.#fireExit();
      });
    }
  }

  kill(): void {
    // Once exited the pid may belong to another process. node-pty throws if given a signal.
    if (this.#exit === undefined) this.#term.kill();
  }

  #fireExit(): void {
    const exit = this.#exit;
    if (this.#exitFired || exit === undefined) return;
    this.#exitFired = true;
    this.#onExit.fire(exit);
    this.#onData.dispose();
    this.#onExit.dispose();
  }
}

/**
 * Starts `options.shell` through node-pty's `spawn` on Windows. Throws synchronously if the cwd is
 * not a directory, or (node-pty's own check, conpty.cc) if the shell is not found.
 */
export function spawnConpty(options: PtySpawnOptions, nodePty: typeof NodePty): Pty {
  checkCwd(options.cwd);
  let term: NodePty.IPty;
  try {
    term = nodePty.spawn(options.shell, [...options.args], {
      name: options.env['TERM'] ?? 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: { ...options.env },
    });
  } catch (error) {
    // conpty.cc resolves the file through PATH itself and throws "File not found: <path>": say it
    // the way spawnPty does on Unix, so callers see one message on every platform.
    if (error instanceof Error && error.message.startsWith('File not found: ')) {
      throw new Error(`no such shell: ${options.shell}`, { cause: error });
    }
    throw error;
  }
  return new ConptyPty(term, options.shell);
}
