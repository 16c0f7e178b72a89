/**
 * One listener per event type on the client, routing each event to the view of its session.
 *
 * One output listener, not one per view: the client counts a chunk as processed once *every*
 * output listener has called `done`, so a listener per view would hold every session's acks
 * hostage to every other view. Output for a session with no view here is processed at once.
 */
import type { SluiceApi } from '../shared/api';
import type { Disposable } from '../shared/event';
import type {
  BackpressureWarningEvent,
  BellEvent,
  DetachedEvent,
  ExitEvent,
  OutputEvent,
  SizeEvent,
  SnapshotEvent,
  TitleEvent,
} from '../shared/protocol';

export interface SessionSink {
  handleSnapshot(event: SnapshotEvent): void;
  /** `done` once the chunk is rendered (parsed by xterm) or deliberately dropped. */
  handleOutput(event: OutputEvent, done: () => void): void;
  handleExit(event: ExitEvent): void;
  handleWarning(event: BackpressureWarningEvent): void;
  handleDetached(event: DetachedEvent): void;
  handleSize(event: SizeEvent): void;
  handleTitle(event: TitleEvent): void;
  handleBell(event: BellEvent): void;
}

export class SessionRouter implements Disposable {
  readonly #sinks = new Map<number, SessionSink>();
  readonly #unsubscribe: (() => void)[];

  constructor(api: SluiceApi) {
    this.#unsubscribe = [
      api.on('output', (event, done) => {
        const sink = this.#sinks.get(event.session);
        if (sink) sink.handleOutput(event, done);
        else done();
      }),
      api.on('snapshot', (event) => this.#sinks.get(event.session)?.handleSnapshot(event)),
      api.on('exit', (event) => this.#sinks.get(event.session)?.handleExit(event)),
      api.on('backpressure_warning', (event) => this.#sinks.get(event.session)?.handleWarning(event)),
      api.on('detached', (event) => this.#sinks.get(event.session)?.handleDetached(event)),
      api.on('size', (event) => this.#sinks.get(event.session)?.handleSize(event)),
      api.on('title', (event) => this.#sinks.get(event.session)?.handleTitle(event)),
      api.on('bell', (event) => this.#sinks.get(event.session)?.handleBell(event)),
    ];
  }

  /** Route `session`'s events to `sink` (before attaching: the snapshot comes first). */
  register(session: number, sink: SessionSink): Disposable {
    this.#sinks.set(session, sink);
    return {
      dispose: () => {
        if (this.#sinks.get(session) === sink) this.#sinks.delete(session);
      },
    };
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#sinks.clear();
  }
}
