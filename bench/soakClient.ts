/**
 * The soak's subscribers, in a thread of their own as windows are in processes of their own: one
 * connection per session, each attached from before the first line, acking by hand after a random
 * delay, and checking every line it receives against the producer's numbering (soak.ts), so that
 * a byte lost, repeated or out of order is counted, not guessed.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SluiceClient } from '../src/shared/client';
import { soakLine } from './soakLines';
import { mulberry32 } from '../tests/helpers/mulberry32';

export interface SoakClientData {
  readonly ports: MessagePort[];
  readonly sessions: number[];
  /** Seeds this thread's ack delays, so a run can be repeated. */
  readonly seed: number;
}

export interface SubscriberResult {
  readonly session: number;
  /** Lines received in order. */
  readonly lines: number;
  /** The producer's own count, from its last line (`END n`); -1 if it never came. */
  readonly produced: number;
  /** Lines that never came, and their bytes (the producer's lines are known exactly). */
  readonly missingLines: number;
  readonly bytesLost: number;
  /** Lines that came twice, out of order, or with other content than the producer wrote. */
  readonly wrongLines: number;
  readonly bytesReceived: number;
  readonly acks: number;
}

export type SoakClientMessage = { readonly attached: true } | { readonly results: SubscriberResult[] };

/**
 * Ack delays: mostly a renderer that keeps up (up to 20 ms), sometimes a busy one (to 200 ms),
 * now and then one that stalls for up to a second, so every subscriber passes through yellow and
 * red and the PTYs are paused and resumed all through the run.
 */
function ackDelay(next: () => number): number {
  const draw = next();
  if (draw < 0.8) return next() * 20;
  if (draw < 0.95) return 20 + next() * 180;
  return 200 + next() * 800;
}

class Subscriber {
  readonly #session: number;
  #partial = '';
  #next = 0;
  #produced = -1;
  #wrong = 0;
  #bytes = 0;
  #acks = 0;
  #unacked = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #ended: Promise<void>;
  #end!: () => void;

  constructor(
    readonly client: SluiceClient,
    session: number,
    next: () => number,
  ) {
    this.#session = session;
    this.#ended = new Promise((resolve) => (this.#end = resolve));
    client.on('output', (event, done) => {
      if (event.session !== session) return done();
      this.#receive(event.data);
      done();
      this.#unacked++;
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        client.ack(session, this.#unacked);
        this.#acks++;
        this.#unacked = 0;
      }, ackDelay(next));
    });
  }

  get ended(): Promise<void> {
    return this.#ended;
  }

  result(): SubscriberResult {
    clearTimeout(this.#timer);
    let missingLines = 0;
    let bytesLost = 0;
    for (let i = this.#next; i < this.#produced; i++) {
      missingLines++;
      bytesLost += Buffer.byteLength(soakLine(i));
    }
    return {
      session: this.#session,
      lines: this.#next,
      produced: this.#produced,
      missingLines,
      bytesLost,
      wrongLines: this.#wrong,
      bytesReceived: this.#bytes,
      acks: this.#acks,
    };
  }

  #receive(data: string): void {
    this.#bytes += Buffer.byteLength(data);
    const parts = (this.#partial + data).split('\r\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.startsWith('END ')) {
        this.#produced = Number(line.slice(4));
        this.#end();
      } else if (line === soakLine(this.#next).slice(0, -2)) {
        this.#next++;
      } else if (line.startsWith('L')) {
        // Not the line that was due: one repeated, skipped past or garbled. (Anything else is the
        // terminal's own, such as the echo of the start signal, and not the producer's.)
        this.#wrong++;
      }
    }
  }
}

const { ports, sessions, seed } = workerData as SoakClientData;
const next = mulberry32(seed);
const subscribers = ports.map(
  (port, i) => new Subscriber(new SluiceClient(port, { ackThreshold: 0 }), sessions[i] ?? 0, next),
);
await Promise.all(subscribers.map((subscriber, i) => subscriber.client.attach(sessions[i] ?? 0)));
parentPort?.postMessage({ attached: true } satisfies SoakClientMessage);
await Promise.all(subscribers.map((subscriber) => subscriber.ended));
parentPort?.postMessage({ results: subscribers.map((subscriber) => subscriber.result()) } satisfies SoakClientMessage);
for (const subscriber of subscribers) subscriber.client.close();
