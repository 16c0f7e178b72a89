/**
 * The libuv reader of the pty master, with one change to Node's behaviour: the fd is not closed
 * until we allow it.
 *
 * Node destroys a stream — and closes its fd — as soon as a read fails (`onStreamRead` in
 * lib/internal/stream_base_commons.js). On a pty master the "failure" is EIO: every slave fd is
 * closed. But the program may not have exited yet (it is in its exit path after closing stdio, or
 * it keeps running without a terminal), and closing the master makes the kernel hang up the slave
 * (pty_close -> tty_vhangup), which sends SIGHUP to the session leader: a `cat` ending normally
 * was then reported as killed by SIGHUP in about 1 run in 100. So the close waits until the
 * program has been reaped; reading is over at once (the owner is told through `onReadEnd`).
 * Overriding `_destroy` is the documented extension point for stream implementations.
 */
import type { SocketConstructorOpts } from 'node:net';
import { ReadStream } from 'node:tty';

export class MasterReadStream extends ReadStream {
  readonly #onReadEnd: (error: Error | null) => void;
  #closeAllowed = false;
  #pendingClose: (() => void) | undefined;

  /** `onReadEnd` is called when Node destroys the stream on its own (a read error). */
  constructor(fd: number, options: SocketConstructorOpts, onReadEnd: (error: Error | null) => void) {
    super(fd, options);
    this.#onReadEnd = onReadEnd;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const close = (): void => super._destroy(error, callback);
    if (this.#closeAllowed) {
      close();
      return;
    }
    this.#pendingClose = close;
    this.#onReadEnd(error);
  }

  /** Closes the fd now, or lets a destroy that Node started finish. */
  close(): void {
    this.#closeAllowed = true;
    const pending = this.#pendingClose;
    this.#pendingClose = undefined;
    if (pending !== undefined) pending();
    else if (!this.destroyed) this.destroy();
  }
}
