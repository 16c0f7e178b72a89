/**
 * One client connection: validates every message that arrives, routes it to the service and its
 * sessions, and answers. A message that fails validation, or a request that fails, gets an error
 * and changes nothing. When the endpoint closes, every subscription of this connection goes.
 */
import {
  ClientMessage,
  describeIssues,
  salvageRequestId,
  type ErrorCode,
  type RequestWithId,
  type ResultOf,
  type ServiceMessage,
  type SessionEvent,
} from '../shared/protocol';
import { BroadcastError } from './broadcast/broadcaster';
import type { Endpoint } from './transport/endpoint';
import { SessionError, type Session, type Subscriber } from './session';
import { ServiceError, type ServiceCore } from './serviceCore';

export class Connection implements Subscriber {
  readonly #endpoint: Endpoint;
  readonly #core: ServiceCore;
  readonly #sessions = new Set<Session>();
  #closed = false;

  constructor(endpoint: Endpoint, core: ServiceCore) {
    this.#endpoint = endpoint;
    this.#core = core;
    endpoint.onClose(() => this.close());
    endpoint.onMessage((data) => this.#receive(data));
  }

  get closed(): boolean {
    return this.#closed;
  }

  readonly send = (event: SessionEvent): void => this.#post(event);

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Each session's lifecycle takes it from here: unwatched, it lives on for the grace period.
    for (const session of this.#sessions) session.release(this);
    this.#sessions.clear();
    this.#core.forget(this);
    try {
      this.#endpoint.close();
    } catch {
      // Closing an endpoint whose other side is already gone may throw; it is closed either way.
    }
  }

  #post(message: ServiceMessage): void {
    if (this.#closed) return;
    this.#endpoint.send(message);
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    const parsed = ClientMessage.safeParse(data);
    if (!parsed.success) {
      const id = salvageRequestId(data);
      this.#post({
        type: 'error',
        ...(id === undefined ? {} : { id }),
        code: 'invalid_message',
        message: `invalid message: ${describeIssues(parsed.error)}`,
      });
      return;
    }
    const message = parsed.data;
    try {
      this.#dispatch(message);
    } catch (error) {
      const { code, text } = describeError(error);
      if ('id' in message) this.#post({ type: 'response', id: message.id, ok: false, error: { code, message: text } });
      else this.#post({ type: 'error', code, message: text });
    }
  }

  #dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'create': {
        const { type: _type, id: _id, ...options } = message;
        const session = this.#core.create(options, this);
        this.#respond(message, { session: session.id });
        return;
      }
      case 'list':
        this.#respond(message, { sessions: this.#core.list(message.fresh === true) });
        return;
      case 'attach': {
        const session = this.#core.session(message.session);
        session.attach(this, (size) => this.#respond(message, { session: session.id, ...size }));
        this.#sessions.add(session);
        return;
      }
      case 'detach': {
        const session = this.#core.session(message.session);
        session.detach(this);
        this.#sessions.delete(session);
        this.#respond(message, { session: session.id });
        return;
      }
      case 'kill': {
        const session = this.#core.session(message.session);
        this.#core.kill(session, message.signal);
        this.#respond(message, { session: session.id });
        return;
      }
      case 'input':
        this.#core.session(message.session).input(message.data);
        return;
      case 'resize': {
        const { cellWidth: width, cellHeight: height } = message;
        const cell = width !== undefined && height !== undefined ? { width, height } : undefined;
        this.#core.session(message.session).resize(message.cols, message.rows, cell);
        return;
      }
      case 'suspend':
        this.#core.session(message.session).suspend(this);
        return;
      case 'resume':
        this.#core.session(message.session).resume(this);
        return;
      case 'ack':
        this.#core.session(message.session).ack(this, message.count);
        return;
    }
  }

  #respond<T extends RequestWithId>(request: T, result: ResultOf<T['type']>): void {
    this.#post({ type: 'response', id: request.id, ok: true, result });
  }
}

function describeError(error: unknown): { code: ErrorCode; text: string } {
  if (error instanceof SessionError || error instanceof ServiceError || error instanceof BroadcastError) {
    return { code: error.code, text: error.message };
  }
  // Anything else is a bug of ours: say so to the client, and log it where a developer looks.
  console.error('sluice: request failed:', error);
  return { code: 'internal', text: error instanceof Error ? error.message : String(error) };
}
