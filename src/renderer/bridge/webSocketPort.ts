/**
 * A browser `WebSocket` dressed as the DOM-style port `SluiceClient` speaks over: one JSON text
 * frame per message. Messages posted before the socket opens wait for it, in order.
 *
 * A port has no way to say "the other side went away", but a socket does: when it closes without
 * `close()` having been called, listeners get an `error` event (so the UI can say so) and then
 * `onClose` fires (so the owner can fail whatever is still pending).
 */
import type { DomStylePort } from '../../shared/client';
import type { ErrorEvent } from '../../shared/protocol';

type MessageListener = (event: { readonly data: unknown }) => void;

export class WebSocketPort implements DomStylePort {
  readonly #socket: WebSocket;
  readonly #listeners: MessageListener[] = [];
  readonly #closeListeners: Array<(code: number) => void> = [];
  /** Frames posted while the socket was still connecting. */
  #queue: string[] = [];
  /** Messages that arrived before `start()`, delivered by it (a MessagePort queues likewise). */
  #early: unknown[] | null = [];
  #closedByUs = false;

  /** Resolves when the socket opens; rejects if it closes first (refused, server gone). */
  readonly opened: Promise<void>;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    this.opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => {
        for (const frame of this.#queue) socket.send(frame);
        this.#queue = [];
        resolve();
      });
      socket.addEventListener('close', (event) => {
        // Browsers hide why a handshake failed (status, body) from the page: only the code is known.
        reject(new Error(`the WebSocket closed before it opened (code ${event.code})`));
        this.#handleClose(event.code);
      });
    });
    // The rejection is for whoever awaits `opened`; a port used without awaiting must not log it.
    this.opened.catch(() => {});
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = parseFrame(event.data);
      if (this.#early) this.#early.push(data);
      else this.#deliver(data);
    });
  }

  postMessage(message: unknown): void {
    const frame = JSON.stringify(message);
    if (this.#socket.readyState === WebSocket.CONNECTING) this.#queue.push(frame);
    // CLOSING/CLOSED: the message has nowhere to go; `onClose` has told (or will tell) the owner.
    else if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(frame);
  }

  addEventListener(_type: 'message', listener: MessageListener): void {
    this.#listeners.push(listener);
  }

  /** Like a MessagePort: nothing is delivered before `start()`. */
  start(): void {
    const early = this.#early;
    if (!early) return;
    this.#early = null;
    for (const data of early) this.#deliver(data);
  }

  close(): void {
    this.#closedByUs = true;
    this.#queue = [];
    this.#socket.close();
  }

  /** The socket went away on its own (not through `close()`), with its close code. */
  onClose(listener: (code: number) => void): void {
    this.#closeListeners.push(listener);
  }

  #handleClose(code: number): void {
    if (this.#closedByUs) return;
    const event: ErrorEvent = {
      type: 'error',
      code: 'internal',
      message: `the connection to the Sluice server closed (code ${code})`,
    };
    if (this.#early) this.#early.push(event);
    else this.#deliver(event);
    for (const listener of this.#closeListeners) listener(code);
  }

  #deliver(data: unknown): void {
    for (const listener of [...this.#listeners]) listener({ data });
  }
}

/** The parsed frame, or the raw text, which the client then reports as an invalid message. */
function parseFrame(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
