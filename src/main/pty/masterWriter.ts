/**
 * Input to the program: writes to the (non-blocking) pty master, queued so that a full kernel
 * buffer (EAGAIN) delays the rest instead of dropping it or blocking the main process.
 */
import { writeSync } from 'node:fs';
import { errnoCode } from './errno';

/** The longest wait between two tries to write input a program is not reading (see `#flush`). */
const RETRY_MAX_MS = 16;

export class MasterWriter {
  readonly #fd: number;
  readonly #queue: Buffer[] = [];
  /** Bytes of `#queue[0]` already written. */
  #offset = 0;
  #retry: NodeJS.Timeout | undefined;
  /** The current wait before the next try after EAGAIN; reset by any progress. */
  #backoffMs = 0;
  #disposed = false;

  constructor(fd: number) {
    this.#fd = fd;
  }

  write(data: string): void {
    if (this.#disposed) return;
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length === 0) return;
    this.#queue.push(bytes);
    if (this.#queue.length === 1 && this.#retry === undefined) this.#flush();
  }

  /** Drops queued input and never touches the fd again (call before the fd is closed). */
  dispose(): void {
    this.#disposed = true;
    this.#queue.length = 0;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  #flush(): void {
    this.#retry = undefined;
    for (let head = this.#queue[0]; head !== undefined && !this.#disposed; head = this.#queue[0]) {
      let written: number;
      try {
        // Synchronous on purpose: the master is O_NONBLOCK, so this never blocks, and unlike an
        // asynchronous fs.write it can never run after the fd has been closed (and its number
        // reused by another file).
        written = writeSync(this.#fd, head, this.#offset);
      } catch (error) {
        if (errnoCode(error) === 'EAGAIN') {
          // The program is not reading its input. Node offers no "fd writable" notification
          // for a raw fd, and writing through the tty handle would make libuv use blocking
          // writes on a master (it cannot reopen it, see uv_tty_init), which can hang the main
          // process. So, like node-pty's CustomWriteStream (#833), retry — but back off: retrying
          // every loop turn burned ~8 % of a core for as long as a paste sat unread (measured
          // with `sleep` and 1 MiB of input). The wait doubles from 1 ms up to RETRY_MAX_MS, so a
          // program that starts reading again gets its input within that much.
          this.#backoffMs = Math.min(RETRY_MAX_MS, Math.max(1, this.#backoffMs * 2));
          this.#retry = setTimeout(() => this.#flush(), this.#backoffMs);
          return;
        }
        // EIO: the slave side is gone, nobody will ever read this input.
        this.#queue.length = 0;
        return;
      }
      if (written > 0) this.#backoffMs = 0;
      this.#offset += written;
      if (this.#offset >= head.length) {
        this.#queue.shift();
        this.#offset = 0;
      }
    }
  }
}
