/**
 * A `Pty` that reads the pty master itself, so that no output is lost when the program exits.
 *
 * Why not node-pty's own reader (microsoft/node-pty #72, #85, #140, #726)? It reads the master
 * through a `tty.ReadStream`, i.e. a libuv stream. When the last slave fd closes, the kernel
 * reports POLLHUP on the master *while output is still buffered* (n_tty_poll sets EPOLLHUP as soon
 * as TTY_OTHER_CLOSED is set). libuv's `uv__stream_io()` (src/unix/stream.c) then reads once and,
 * because a pty read is always "partial" (≤ 4095 bytes into a 64 KiB buffer), synthesizes
 * end-of-file: "Short-circuit iff POLLHUP is set ... and uv__read() reported a partial read".
 * Node turns that into 'end', the socket is destroyed and the fd closed with up to ~10 KB unread.
 * A Linux pty master never returns 0 from read(): the kernel's own end is EIO, which n_tty_read
 * only returns after flushing the flip buffer into the line discipline and finding it empty.
 *
 * So we keep libuv for the efficient poll-driven reading while the program runs, but treat its
 * end-of-file as what it is — "the slave side hung up" — and then read the fd ourselves until the
 * kernel says EIO (all slave fds closed, nothing left) or EAGAIN (nothing left *now*: n_tty_read
 * also flushes pending input before returning EAGAIN). See docs/pty-exit-loss.md.
 *
 * Exit ordering: `onExit` fires only when the program has been reaped (node-pty's waitpid thread)
 * AND the master has been read to the end, so it is always after the last `onData`. If the program
 * exits while paused, the exit waits until `resume()` has delivered the rest. The master fd is
 * closed just before `onExit`, never earlier (see masterReadStream.ts for why).
 */
import { closeSync, readSync } from 'node:fs';
import type { OnReadOpts, SocketConstructorOpts } from 'node:net';
import { Emitter } from '../../shared/event';
import { errnoCode } from './errno';
import { MasterReadStream } from './masterReadStream';
import { MasterWriter } from './masterWriter';
import { killProcessGroup } from './processGroup';
import type { ForegroundProcess, Pty, PtyExit } from './pty';

/**
 * The read buffer. libuv asks for 64 KiB per read (`uv__read`), a Linux pty read returns at most
 * 4095 bytes (N_TTY_BUF_SIZE - 1), so 64 KiB never truncates a read on any kernel. One buffer per
 * pty, shared by libuv's reads and our drain (never both at once: the drain runs with libuv stopped).
 */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * How much a drain reads synchronously before yielding to the event loop. Only matters if some
 * process keeps writing while we drain (a background job holding the slave open): the main
 * process must stay responsive. Not a timing parameter: the drain continues on the next turn.
 */
const DRAIN_SLICE_BYTES = 256 * 1024;

/**
 * After the program has exited, a drain that sees neither EIO nor EAGAIN means another process
 * (a background job that kept the slave open) is still writing. Everything the program itself
 * wrote was already in the kernel when it exited, ahead of later writes, and the kernel holds at
 * most ~10 KB per pty (8 KiB flip-buffer limit set in pty_common_install + the 4 KiB n_tty buffer;
 * measured 10240 bytes). Once this many bytes have been read after the exit, the program's output
 * has certainly all been read; stop there rather than chase a writer that never stops.
 */
const EXIT_DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * What spawning needs to give us: the master fd, a few node-pty natives bound to it, and the
 * platform's way of inspecting the program. The inspecting ones are only called until the
 * program has been reaped (afterwards its pid may belong to another process).
 */
export interface PtyMaster {
  readonly fd: number;
  readonly pid: number;
  resize(cols: number, rows: number): void;
  /** Name of the foreground process (node-pty's native `process`), or undefined if unknown. */
  foregroundProcess(): string | undefined;
  foreground(): ForegroundProcess | undefined;
  cwd(): string | undefined;
}

/** Forks the program; `onExit` is called once it has been reaped (waitpid). */
export type ForkPty = (onExit: (exitCode: number, signal: number) => void) => PtyMaster;

/** A sentinel for "the master has nothing more for us" (EIO, EAGAIN or end-of-file). */
const END = -1;

export class PtyProcess implements Pty {
  readonly #onData = new Emitter<string>();
  readonly #onExit = new Emitter<PtyExit>();
  readonly onData = this.#onData.event;
  readonly onExit = this.#onExit.event;

  readonly #master: PtyMaster;
  readonly #fallbackName: string;
  readonly #socket: MasterReadStream;
  readonly #writer: MasterWriter;
  readonly #buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  /** `ignoreBOM`: a leading EF BB BF is output like any other, not a byte-order mark to strip. */
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  #paused = false;
  /** libuv reported end-of-file: the slave side hung up (but data may still be buffered). */
  #hungUp = false;
  #exit: PtyExit | undefined;
  #bytesAfterExit = 0;
  /** The master has been read to the end; no `onData` after this. */
  #readDone = false;
  /** The master fd is closed (its number may already belong to another file). */
  #closed = false;
  #exitFired = false;
  /** Guards against re-entrant drains from listeners that pause/resume. */
  #draining = false;
  #pumpScheduled: NodeJS.Immediate | undefined;

  constructor(fork: ForkPty, fallbackName: string) {
    this.#fallbackName = fallbackName;
    this.#master = fork((exitCode, signal) => this.#handleExit(exitCode, signal));
    this.#writer = new MasterWriter(this.#master.fd);
    // `onread`: libuv reads straight into our buffer and we consume each chunk synchronously, so
    // nothing is ever queued inside the Readable (whose buffering would reorder with our drain),
    // and returning false stops reading at once (real backpressure). `allowHalfOpen`: keep the fd
    // open after libuv's premature end-of-file (Node would end and destroy the socket), so that we
    // can still drain it.
    const onread: OnReadOpts = {
      buffer: this.#buffer,
      callback: (bytes) => {
        this.#deliver(bytes);
        return !this.#paused;
      },
    };
    const options: SocketConstructorOpts & { onread: OnReadOpts } = { allowHalfOpen: true, onread };
    try {
      this.#socket = new MasterReadStream(this.#master.fd, options, (error) => {
        // Node gave up reading after a read error. EIO is the kernel's real end of output (all
        // slave fds closed, nothing left); anything else is unexpected: say so, then end as well.
        if (error !== null && errnoCode(error) !== 'EIO') process.emitWarning(error, 'PtyReadWarning');
        this.#finishReading();
      });
    } catch (error) {
      // Without a reader the program would block forever on its first full buffer.
      process.kill(this.#master.pid, 'SIGKILL');
      closeSync(this.#master.fd);
      throw error;
    }
    this.#socket.on('end', () => {
      this.#hungUp = true;
      this.#pump();
    });
    // Emitted once the fd is closed, for a read error already handled through onReadEnd above.
    this.#socket.on('error', () => {});
    // With `onread`, Socket.prototype.read() (re)starts the libuv read; we never call
    // socket.resume(), whose deferred flow() could restart reading after a pause().
    this.#socket.read(0);
  }

  get pid(): number {
    return this.#master.pid;
  }

  /** @deprecated Use `foreground()`. */
  get process(): string {
    if (this.#closed) return this.#fallbackName; // its number may belong to another file now
    return this.#master.foregroundProcess() ?? this.#fallbackName;
  }

  foreground(): ForegroundProcess | undefined {
    return this.#exit === undefined ? this.#master.foreground() : undefined;
  }

  cwd(): string | undefined {
    return this.#exit === undefined ? this.#master.cwd() : undefined;
  }

  killProcessGroup(): void {
    killProcessGroup(this.#master.pid);
  }

  write(data: string): void {
    if (this.#exit !== undefined || this.#readDone) return;
    this.#writer.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.#exit !== undefined || this.#readDone) return;
    this.#master.resize(cols, rows);
  }

  pause(): void {
    if (this.#paused || this.#readDone) return;
    this.#paused = true;
    if (!this.#socket.destroyed) this.#socket.pause(); // with `onread`: uv_read_stop now
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    // Deferred so that resume() never calls listeners (onData/onExit) from inside the caller.
    this.#schedulePump();
  }

  kill(signal: string = 'SIGHUP'): void {
    // Once reaped, the pid may already belong to an unrelated process.
    if (this.#exit !== undefined) return;
    try {
      process.kill(this.#master.pid, signal as NodeJS.Signals);
    } catch (error) {
      if (errnoCode(error) !== 'ESRCH') throw error;
    }
  }

  #deliver(bytes: number): void {
    const text = this.#decoder.decode(this.#buffer.subarray(0, bytes), { stream: true });
    if (text !== '') this.#onData.fire(text);
  }

  #handleExit(exitCode: number, signal: number): void {
    this.#exit = { exitCode, signal: signal === 0 ? null : signal };
    if (this.#readDone) {
      this.#closeAndFireExit();
      return;
    }
    // From now on only #drain reads, until EAGAIN/EIO says the program's output is all read.
    if (!this.#socket.destroyed) this.#socket.pause();
    this.#pump();
  }

  #schedulePump(): void {
    if (this.#pumpScheduled !== undefined || this.#readDone) return;
    this.#pumpScheduled = setImmediate(() => {
      this.#pumpScheduled = undefined;
      this.#pump();
    });
  }

  /** Moves reading forward according to the state: libuv streaming, our drain, or nothing. */
  #pump(): void {
    if (this.#readDone || this.#paused || this.#draining) return;
    if (this.#socket.destroyed) {
      this.#finishReading(); // Node gave up after a read error (see onReadEnd above)
    } else if (this.#hungUp || this.#exit !== undefined) {
      this.#drain();
    } else {
      this.#socket.read(0); // uv_read_start again after a pause
    }
  }

  /** Reads the master synchronously (in slices) until the kernel says there is nothing left. */
  #drain(): void {
    this.#draining = true;
    try {
      for (let budget = DRAIN_SLICE_BYTES; ;) {
        if (this.#paused) return; // resume() pumps again
        if (this.#bytesAfterExit >= EXIT_DRAIN_LIMIT_BYTES) break;
        if (budget <= 0) {
          this.#schedulePump();
          return;
        }
        const bytes = this.#readMaster();
        if (bytes === END) break;
        budget -= bytes;
        if (this.#exit !== undefined) this.#bytesAfterExit += bytes;
        this.#deliver(bytes);
      }
    } finally {
      this.#draining = false;
    }
    this.#finishReading();
  }

  #readMaster(): number {
    let bytes: number;
    try {
      bytes = readSync(this.#master.fd, this.#buffer, 0, this.#buffer.length, null);
    } catch (error) {
      const code = errnoCode(error);
      // EIO: all slave fds are closed and the kernel has nothing left (it flushes first).
      // EAGAIN: nothing left right now, and the program has exited or the slave hung up
      // (n_tty_read flushes pending input before reporting EAGAIN too).
      if (code !== 'EIO' && code !== 'EAGAIN') process.emitWarning(String(error), 'PtyReadWarning');
      return END;
    }
    // 0 never happens on a Linux master; other systems report the hang-up as end-of-file.
    return bytes === 0 ? END : bytes;
  }

  #finishReading(): void {
    if (this.#readDone) return;
    this.#readDone = true;
    if (this.#pumpScheduled !== undefined) clearImmediate(this.#pumpScheduled);
    this.#pumpScheduled = undefined;
    if (!this.#socket.destroyed) this.#socket.pause();
    const tail = this.#decoder.decode(); // an incomplete last character becomes U+FFFD
    if (tail !== '') this.#onData.fire(tail);
    // Until the program is reaped the fd stays open: closing it would hang up the terminal.
    if (this.#exit !== undefined) this.#closeAndFireExit();
  }

  #closeAndFireExit(): void {
    const exit = this.#exit;
    if (this.#exitFired || exit === undefined) return;
    this.#exitFired = true;
    this.#closed = true;
    this.#writer.dispose();
    // If a background job still holds the slave, the kernel hangs it up now (SIGHUP).
    this.#socket.close();
    this.#onExit.fire(exit);
    this.#onData.dispose();
    this.#onExit.dispose();
  }
}
