/**
 * What web mode's server grants any one client, and all of them together: connections, the
 * bytes queued for sockets that stopped reading, and how long a request may take to arrive.
 * Every limit has a default here, can be set with a `SLUICE_WEB_*` variable (limitsConfig.ts),
 * and answers the client that reaches it with a clear refusal (docs/reliability.md).
 */

export interface WebLimits {
  /**
   * TCP connections open at once, HTTP and WebSocket together. Past it the server accepts and at
   * once drops new connections (Node's `server.maxConnections`), and logs that it does.
   */
  readonly connections: number;
  /** Bytes queued for one socket whose peer does not read, before that socket is closed (1008). */
  readonly socketBufferBytes: number;
  /**
   * Bytes queued for all sockets together. Past it, the socket with the most queued is closed
   * (1008): the one that stopped reading, not the ones still keeping up.
   */
  readonly bufferedBytes: number;
  /** Time for a request's headers (a WebSocket handshake's too) to arrive in full (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time for a whole HTTP request to arrive. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after its last response. */
  readonly keepAliveTimeoutMs: number;
  /** Time from a WebSocket request's headers to an open socket, or to the refusal being sent. */
  readonly upgradeTimeoutMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_WEB_LIMITS: WebLimits = {
  // A browser opens at most 6 HTTP/1.1 connections per host plus one WebSocket per page; 128
  // covers twenty open pages with room, and caps what a local process can hold open.
  connections: 128,
  // Flow control keeps a reading page's queue to its red budget per session (1 MiB) plus
  // snapshots (a full 10 000-line scrollback of colourful output is a few MiB of JSON). 64 MiB is
  // far past what a page that reads reaches, and bounds one that stopped reading.
  socketBufferBytes: 64 * MiB,
  // Four stalled pages at the per-socket limit; a bound on the service's memory whatever the
  // number of stalled pages.
  bufferedBytes: 256 * MiB,
  // A browser sends its headers in one packet; 10 s allows for a machine paused under load while
  // closing a slowloris connection 6× sooner than Node's 60 s default.
  headersTimeoutMs: 10_000,
  // The only requests are GETs of the built files, whose bodies are empty.
  requestTimeoutMs: 30_000,
  // Node's default: long enough to reuse a connection for a page's burst of asset requests.
  keepAliveTimeoutMs: 5_000,
  // The handshake's own headers are bounded by headersTimeoutMs; after them `ws` answers at
  // once, so anything still pending after this long is stuck.
  upgradeTimeoutMs: 10_000,
};

/**
 * How often Node checks connections against the header and request time-outs. Its default, 30 s,
 * let a slowloris connection live up to 30 s past its time-out; a second costs nothing.
 */
export function checkingIntervalMs(limits: WebLimits): number {
  return Math.max(1, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)));
}

/**
 * Connections dropped at the connection limit are reported at most once per this many ms: a burst
 * of a thousand must not become a thousand log lines, and none of them goes uncounted.
 */
export const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * The log of connections dropped at `SLUICE_WEB_MAX_CONNECTIONS`: the first drop is said at once,
 * those that follow within the interval are counted and said together when it ends.
 */
export class DropReport {
  readonly #limit: number;
  readonly #log: (line: string) => void;
  #counted = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(limit: number, log: (line: string) => void = (line) => console.warn(line)) {
    this.#limit = limit;
    this.#log = log;
  }

  dropped(): void {
    if (this.#timer !== undefined) {
      this.#counted++;
      return;
    }
    this.#log(
      `sluice web: ${this.#limit} connections are open, the most allowed (SLUICE_WEB_MAX_CONNECTIONS); dropping new ones`,
    );
    this.#wait();
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #wait(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#counted === 0) return;
      this.#log(
        `sluice web: dropped ${this.#counted} more connection${this.#counted === 1 ? '' : 's'} ` +
          `in ${DROP_LOG_INTERVAL_MS / 1000} s at the limit of ${this.#limit} (SLUICE_WEB_MAX_CONNECTIONS)`,
      );
      this.#counted = 0;
      this.#wait();
    }, DROP_LOG_INTERVAL_MS);
    // A pending report must not keep a process alive on its own.
    this.#timer.unref();
  }
}
