/**
 * What a connection needs from the service: sessions by id, create, list, kill, and the clean-up
 * hooks. An interface, so the connection does not depend on the whole service class.
 */
import type { CreateOptions, KillSignal, SessionInfo } from '../shared/protocol';
import type { Session } from './session';

export class ServiceError extends Error {
  constructor(
    readonly code: 'unknown_session' | 'spawn_failed',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface ServiceCore {
  create(options: CreateOptions): Session;
  /** The session with this id; throws `unknown_session`. */
  session(id: number): Session;
  list(): SessionInfo[];
  /** Signal the process and mark the session to be removed once it has exited and nobody watches. */
  kill(session: Session, signal?: KillSignal): void;
  /** Remove the session if it has exited, was closed and has no subscriber left. */
  reap(session: Session): void;
  /**
   * A connection that watched `session` closed. If nobody watches it any more it is an orphan: a
   * reloading window reattaches within moments; one that never comes back must not leave the
   * shell running unseen for the life of the app.
   */
  orphaned(session: Session): void;
  /** A connection closed. */
  forget(connection: object): void;
}
