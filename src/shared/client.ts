/**
 * The client of the terminal service, over a DOM `MessagePort` (renderer, browser) or a Node
 * `worker_threads` `MessagePort` (tests, benchmarks). The same API as `window.sluice`.
 *
 * Acknowledgements: each output message counts as processed once every output listener has called
 * its `done` (a renderer calls it from xterm's write callback, when the chunk is parsed); when the
 * client acks is the policy of `SessionAcks` (acks.ts).
 */
import { SessionAcks } from './acks';
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
  type BellEvent,
  type OutputEvent,
  type RequestBody,
  type RequestType,
  type ResultOf,
  type SessionInfo,
  type SizeEvent,
  type SnapshotEvent,
  type TitleEvent,
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
export { ACK_CHARS } from './acks';

export type OutputListener = (event: OutputEvent, done: () => void) => void;

export interface ClientEvents {
  snapshot: SnapshotEvent;
  exit: ExitEvent;
  backpressure_warning: BackpressureWarningEvent;
  detached: DetachedEvent;
  size: SizeEvent;
  title: TitleEvent;
  bell: BellEvent;
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
  readonly #acks = new Map<number, SessionAcks>();
  readonly #outputListeners = new Set<OutputListener>();
  readonly #listeners: { [K in keyof ClientEvents]: Set<ClientListener<K>> } = {
    snapshot: new Set(),
    exit: new Set(),
    backpressure_warning: new Set(),
    detached: new Set(),
    size: new Set(),
    title: new Set(),
    bell: new Set(),
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
    const acks =
      existing ??
      new SessionAcks(
        (count) => this.#send({ type: 'ack', session, count }),
        () => this.#ackThreshold,
      );
    this.#acks.set(session, acks);
    return this.#request('attach', { session }).catch((error: unknown) => {
      if (!existing && this.#acks.get(session) === acks) this.#forgetAcks(session);
      throw error;
    });
  }

  async detach(session: number): Promise<void> {
    // Stop acking at once: an ack racing the detach would only earn a `not_attached` error.
    this.#forgetAcks(session);
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

  /** Sizes the PTY; `cell` is this view's cell size in CSS pixels (for programs that ask for it). */
  resize(session: number, cols: number, rows: number, cell?: { width: number; height: number }): void {
    this.#send(
      cell
        ? { type: 'resize', session, cols, rows, cellWidth: cell.width, cellHeight: cell.height }
        : { type: 'resize', session, cols, rows },
    );
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
    this.#acks.get(session)?.acknowledged(count);
    this.#send({ type: 'ack', session, count });
  }

  setAckThreshold(threshold: number): void {
    this.#ackThreshold = checkAckThreshold(threshold);
    for (const acks of this.#acks.values()) acks.check();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
    for (const pending of this.#pending.values()) pending.reject(new SluiceError('closed', 'connection closed'));
    this.#pending.clear();
    for (const session of [...this.#acks.keys()]) this.#forgetAcks(session);
  }

  #forgetAcks(session: number): void {
    this.#acks.get(session)?.stop();
    this.#acks.delete(session);
  }

  #send(message: ClientMessage): void {
    if (this.#closed) throw new SluiceError('closed', 'connection closed');
    this.#port.postMessage(message);
  }

  #request<T extends RequestType>(type: T, body: RequestBody<T>): Promise<ResultOf<T>> {
    if (this.#closed) return Promise.reject(new SluiceError('closed', 'connection closed'));
    const id = this.#nextId++;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.#pending.set(id, { type, resolve: resolve as (result: unknown) => void, reject });
      this.#port.postMessage({ ...body, type, id });
    });
  }

  #receive(data: unknown): void {
    // Output is nearly every message in a flood: checked by hand, field by field, instead of by
    // the schema (zod cost ~1.5 % of a flooded page's main thread, docs/performance.md). Anything
    // that is not a well-formed output message takes the schema's path.
    if (isOutputEvent(data)) {
      this.#dispatchOutput(data);
      return;
    }
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
        this.#forgetAcks(message.session);
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
    const acks = this.#acks.get(event.session);
    acks?.received();
    const listeners = [...this.#outputListeners];
    let remaining = listeners.length;
    // Counted only if the subscription is still the one it arrived for (not detached meanwhile).
    const processed = (): void => {
      if (acks && this.#acks.get(event.session) === acks) acks.processed(event.data.length);
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
}

/** Exactly `OutputEvent`'s schema: `{type: 'output', session, data}` and nothing else. */
function isOutputEvent(value: unknown): value is OutputEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  let keys = 0;
  for (const key in event) if (Object.hasOwn(event, key)) keys++;
  return (
    keys === 3 &&
    event['type'] === 'output' &&
    typeof event['data'] === 'string' &&
    typeof event['session'] === 'number' &&
    Number.isInteger(event['session']) &&
    event['session'] >= 1 &&
    event['session'] <= ProtocolLimits.maxSessionId
  );
}

function checkAckThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > ProtocolLimits.maxAckCount) {
    throw new RangeError(
      `ackThreshold must be a whole number from 0 to ${ProtocolLimits.maxAckCount}, got ${threshold}`,
    );
  }
  return threshold;
}
