/**
 * The client of the terminal service, over a DOM `MessagePort` (renderer, browser) or a Node
 * `worker_threads` `MessagePort` (tests, benchmarks). The same API as `window.sluice`.
 *
 * Acknowledgements: each output message counts as processed once every output listener has called
 * its `done` (a renderer calls it from xterm's write callback, when the chunk is parsed). The client
 * acks every `ackThreshold` processed messages and whenever it has processed everything it has
 * received, so a client that keeps up never stays yellow or red for want of an ack.
 */
import {
  ProtocolLimits,
  ServiceMessage,
  describeIssues,
  ResultSchemas,
  type BackpressureWarningEvent,
  type ClientMessage,
  type CreateOptions,
  type DetachedEvent,
  type ErrorCode,
  type ErrorEvent,
  type ExitEvent,
  type KillSignal,
  type OutputEvent,
  type RequestType,
  type ResultOf,
  type SessionInfo,
  type SizeEvent,
  type SnapshotEvent,
} from './protocol';

/** A DOM-style port: a renderer's or a browser's `MessagePort`. */
export interface DomStylePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  start(): void;
  close(): void;
}

/** A Node-style port: `worker_threads` `MessagePort` (delivers the data itself, starts on `on`). */
export interface NodeStylePort {
  postMessage(message: unknown): void;
  on(type: 'message', listener: (data: unknown) => void): unknown;
  close(): void;
}

export type ClientPort = DomStylePort | NodeStylePort;

export interface SluiceClientOptions {
  /** Ack after this many processed output messages; 0 turns auto-ack off. Default 100. */
  readonly ackThreshold?: number;
}

/** The seed's default: an ack per 100 messages keeps ack traffic ~1% of output traffic. */
export const DEFAULT_ACK_THRESHOLD = 100;

/**
 * Also ack once this much processed output is unacknowledged, whatever the message count. In a
 * flood the service sends 64 KiB messages, so 100 of them (the message threshold) would be 6 MB —
 * far past the red budget (1 MiB): the PTY would pause and the window would ack only when it had
 * drained everything, a stop-and-go that leaves the renderer idle half the time. Acking every
 * 64 KiB keeps acks below the service's lowest resume point (half of 256 KiB), so the PTY resumes
 * while the window still has work queued.
 */
export const ACK_CHARS = 64 * 1024;

export type OutputListener = (event: OutputEvent, done: () => void) => void;

export interface ClientEvents {
  snapshot: SnapshotEvent;
  exit: ExitEvent;
  backpressure_warning: BackpressureWarningEvent;
  detached: DetachedEvent;
  size: SizeEvent;
  error: ErrorEvent;
}

export type ClientListener<K extends keyof ClientEvents> = (event: ClientEvents[K]) => void;

/** A request that failed: the service's error code and message. */
export class SluiceError extends Error {
  constructor(
    readonly code: ErrorCode | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'SluiceError';
  }
}

interface AckState {
  received: number;
  processed: number;
  acked: number;
  /** Characters of the processed messages not yet acknowledged. */
  unackedChars: number;
  /** A caught-up ack is queued for the end of this task (so a burst of callbacks sends one). */
  flushQueued: boolean;
}

interface Pending {
  readonly type: RequestType;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: SluiceError) => void;
}

function isNodeStyle(port: ClientPort): port is NodeStylePort {
  return typeof (port as Partial<NodeStylePort>).on === 'function';
}

export class SluiceClient {
  readonly #port: ClientPort;
  #ackThreshold: number;
  #nextId = 1;
  #closed = false;
  readonly #pending = new Map<number, Pending>();
  /** Subscribed sessions and their ack counters. */
  readonly #acks = new Map<number, AckState>();
  readonly #outputListeners = new Set<OutputListener>();
  readonly #listeners: { [K in keyof ClientEvents]: Set<ClientListener<K>> } = {
    snapshot: new Set(),
    exit: new Set(),
    backpressure_warning: new Set(),
    detached: new Set(),
    size: new Set(),
    error: new Set(),
  };

  constructor(port: ClientPort, options: SluiceClientOptions = {}) {
    this.#port = port;
    this.#ackThreshold = checkAckThreshold(options.ackThreshold ?? DEFAULT_ACK_THRESHOLD);
    if (isNodeStyle(port)) {
      port.on('message', (data) => this.#receive(data));
    } else {
      port.addEventListener('message', (event) => this.#receive(event.data));
      port.start();
    }
  }

  on(type: 'output', listener: OutputListener): () => void;
  on<K extends keyof ClientEvents>(type: K, listener: ClientListener<K>): () => void;
  on(type: 'output' | keyof ClientEvents, listener: OutputListener | ClientListener<keyof ClientEvents>): () => void {
    const set = (type === 'output' ? this.#outputListeners : this.#listeners[type]) as Set<typeof listener>;
    // Wrap so the same function can be registered twice and removed once per registration.
    const entry = ((...args: Parameters<typeof listener>) =>
      (listener as (...a: unknown[]) => void)(...args)) as typeof listener;
    set.add(entry);
    return () => set.delete(entry);
  }

  create(options: CreateOptions = {}): Promise<ResultOf<'create'>> {
    return this.#request('create', options);
  }

  async list(): Promise<SessionInfo[]> {
    return (await this.#request('list', {})).sessions;
  }

  /** Resolves once the session's snapshot event has been delivered to the listeners. */
  attach(session: number): Promise<ResultOf<'attach'>> {
    // Counting starts now: output can follow the snapshot before the response is read. A second
    // attach to a session already attached keeps that subscription's counters (the service
    // refuses it with `already_attached`, and the first one must go on being acked).
    const existing = this.#acks.get(session);
    const state = existing ?? { received: 0, processed: 0, acked: 0, unackedChars: 0, flushQueued: false };
    this.#acks.set(session, state);
    return this.#request('attach', { session }).catch((error: unknown) => {
      if (!existing && this.#acks.get(session) === state) this.#acks.delete(session);
      throw error;
    });
  }

  async detach(session: number): Promise<void> {
    // Stop acking at once: an ack racing the detach would only earn a `not_attached` error.
    this.#acks.delete(session);
    await this.#request('detach', { session });
  }

  async kill(session: number, signal?: KillSignal): Promise<void> {
    await this.#request('kill', signal === undefined ? { session } : { session, signal });
  }

  /** Keyboard input or a paste; a large paste goes out in several messages, never splitting a character. */
  write(session: number, data: string): void {
    const max = ProtocolLimits.maxInputLength;
    let start = 0;
    while (data.length - start > max) {
      let end = start + max;
      const code = data.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
      this.#send({ type: 'input', session, data: data.slice(start, end) });
      start = end;
    }
    this.#send({ type: 'input', session, data: data.slice(start) });
  }

  resize(session: number, cols: number, rows: number): void {
    this.#send({ type: 'resize', session, cols, rows });
  }

  /** A hidden view: the service stops sending until `resume`, which brings a fresh snapshot. */
  suspend(session: number): void {
    this.#send({ type: 'suspend', session });
  }

  resume(session: number): void {
    this.#send({ type: 'resume', session });
  }

  /** Manual ack (with `ackThreshold` 0): `count` output messages of `session` are processed. */
  ack(session: number, count: number): void {
    const state = this.#acks.get(session);
    if (state) {
      state.acked += count;
      state.unackedChars = 0;
    }
    this.#send({ type: 'ack', session, count });
  }

  setAckThreshold(threshold: number): void {
    this.#ackThreshold = checkAckThreshold(threshold);
    for (const [session, state] of this.#acks) this.#maybeAck(session, state);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
    for (const pending of this.#pending.values()) pending.reject(new SluiceError('closed', 'connection closed'));
    this.#pending.clear();
    this.#acks.clear();
  }

  #send(message: ClientMessage): void {
    if (this.#closed) throw new SluiceError('closed', 'connection closed');
    this.#port.postMessage(message);
  }

  #request<T extends RequestType>(type: T, body: object): Promise<ResultOf<T>> {
    if (this.#closed) return Promise.reject(new SluiceError('closed', 'connection closed'));
    const id = this.#nextId++;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.#pending.set(id, { type, resolve: resolve as (result: unknown) => void, reject });
      this.#port.postMessage({ ...body, type, id });
    });
  }

  #receive(data: unknown): void {
    const parsed = ServiceMessage.safeParse(data);
    if (!parsed.success) {
      this.#emit('error', {
        type: 'error',
        code: 'invalid_message',
        message: `invalid message from the service: ${describeIssues(parsed.error)}`,
      });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'output':
        this.#dispatchOutput(message);
        return;
      case 'response':
        this.#settle(message.id, message.ok ? { result: message.result } : { error: message.error });
        return;
      case 'error':
        if (message.id !== undefined && this.#pending.has(message.id)) {
          this.#settle(message.id, { error: { code: message.code, message: message.message } });
        } else {
          this.#emit('error', message);
        }
        return;
      case 'detached':
        this.#acks.delete(message.session);
        this.#emit('detached', message);
        return;
      default:
        this.#emit(message.type, message);
    }
  }

  #settle(id: number, outcome: { result: unknown } | { error: { code: ErrorCode; message: string } }): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if ('error' in outcome) {
      pending.reject(new SluiceError(outcome.error.code, outcome.error.message));
      return;
    }
    const result = ResultSchemas[pending.type].safeParse(outcome.result);
    if (result.success) pending.resolve(result.data);
    else
      pending.reject(
        new SluiceError('invalid_message', `invalid ${pending.type} result: ${describeIssues(result.error)}`),
      );
  }

  #emit<K extends keyof ClientEvents>(type: K, event: ClientEvents[K]): void {
    for (const listener of [...this.#listeners[type]]) listener(event);
  }

  #dispatchOutput(event: OutputEvent): void {
    const state = this.#acks.get(event.session);
    if (state) state.received++;
    const listeners = [...this.#outputListeners];
    let remaining = listeners.length;
    const processed = (): void => {
      if (state && this.#acks.get(event.session) === state) {
        state.processed++;
        state.unackedChars += event.data.length;
        this.#maybeAck(event.session, state);
      }
    };
    if (remaining === 0) {
      // Nobody renders this session's output here: it is processed the moment it arrives.
      processed();
      return;
    }
    for (const listener of listeners) {
      let called = false;
      const done = (): void => {
        if (called) return;
        called = true;
        if (--remaining === 0) processed();
      };
      listener(event, done);
    }
  }

  #maybeAck(session: number, state: AckState): void {
    if (this.#ackThreshold === 0 || this.#closed) return;
    const unacked = state.processed - state.acked;
    if (unacked >= this.#ackThreshold || (unacked > 0 && state.unackedChars >= ACK_CHARS)) {
      this.#sendAck(session, state, unacked);
    } else if (unacked > 0 && state.processed === state.received && !state.flushQueued) {
      // Caught up: ack the rest, once the current burst of write callbacks has run.
      state.flushQueued = true;
      void Promise.resolve().then(() => {
        state.flushQueued = false;
        const rest = state.processed - state.acked;
        if (rest > 0 && this.#acks.get(session) === state && !this.#closed) this.#sendAck(session, state, rest);
      });
    }
  }

  #sendAck(session: number, state: AckState, count: number): void {
    state.acked += count;
    state.unackedChars = 0;
    this.#send({ type: 'ack', session, count });
  }
}

function checkAckThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > ProtocolLimits.maxAckCount) {
    throw new RangeError(
      `ackThreshold must be a whole number from 0 to ${ProtocolLimits.maxAckCount}, got ${threshold}`,
    );
  }
  return threshold;
}
