/**
 * What a connection needs from the service: sessions by id, create, list, kill, and the clean-up
 * hook. An interface, so the connection does not depend on the whole service class.
 */
import type { CreateOptions, KillSignal, SessionInfo } from '../shared/protocol';
import type { Session } from './session';

export class ServiceError extends Error {
  constructor(
    readonly code: 'unknown_session' | 'spawn_failed' | 'limit_reached',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface ServiceCore {
  /** `owner` is the creating connection (for its per-connection limit). */
  create(options: CreateOptions, owner: object): Session;
  /** The session with this id; throws `unknown_session`. */
  session(id: number): Session;
  list(fresh?: boolean): SessionInfo[];
  /** The user closed the session: signal its program; it goes once it has exited and nobody watches. */
  kill(session: Session, signal?: KillSignal): void;
  /** A connection closed. */
  forget(connection: object): void;
}
