import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { TerminalService, type TerminalServiceConfig } from '../../src/main/service';
import { SluiceClient, type SluiceClientOptions } from '../../src/shared/client';
import type { OutputEvent, ServiceMessage } from '../../src/shared/protocol';

export const BASH = '/bin/bash';

/** A service and the clients connected to it, all torn down by `dispose`. */
export class Harness {
  readonly service: TerminalService;
  readonly #clients: SluiceClient[] = [];

  constructor(config: TerminalServiceConfig = {}) {
    this.service = new TerminalService(config);
  }

  /** A client over a real `worker_threads` MessageChannel, as a window would have one. */
  client(options?: SluiceClientOptions): { client: SluiceClient; close: () => void } {
    const { port1, port2 } = new MessageChannel();
    const handle = this.service.connect(port1);
    const client = new SluiceClient(port2, options);
    this.#clients.push(client);
    return {
      client,
      close: () => {
        client.close();
        handle.close();
      },
    };
  }

  /** A raw port speaking to the service, for malformed messages. */
  rawPort(): {
    send: (message: unknown) => void;
    received: ServiceMessage[];
    next: () => Promise<ServiceMessage>;
    close: () => void;
  } {
    const { port1, port2 } = new MessageChannel();
    this.service.connect(port1);
    const received: ServiceMessage[] = [];
    const waiters: Array<(message: ServiceMessage) => void> = [];
    port2.on('message', (message: ServiceMessage) => {
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else received.push(message);
    });
    return {
      send: (message) => port2.postMessage(message),
      received,
      next: () => {
        const queued = received.shift();
        return queued ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
      },
      close: () => port2.close(),
    };
  }

  async dispose(): Promise<void> {
    for (const client of this.#clients) client.close();
    await this.service.dispose();
  }
}

/** Collects one session's stream as a client sees it: the snapshot, then output, then exit. */
export class StreamRecorder {
  snapshot = '';
  readonly chunks: string[] = [];
  exit: { exitCode: number; signal: number | null } | undefined;
  #exitWaiters: Array<() => void> = [];

  constructor(
    client: SluiceClient,
    readonly session: number,
    /** How the recorder finishes a chunk; default: at once. */
    process: (event: OutputEvent, done: () => void) => void = (_event, done) => done(),
  ) {
    client.on('snapshot', (event) => {
      if (event.session === session) this.snapshot = event.data;
    });
    client.on('output', (event, done) => {
      if (event.session !== session) return done();
      this.chunks.push(event.data);
      process(event, done);
    });
    client.on('exit', (event) => {
      if (event.session !== session) return;
      this.exit = { exitCode: event.exitCode, signal: event.signal };
      for (const waiter of this.#exitWaiters.splice(0)) waiter();
    });
  }

  get text(): string {
    return this.chunks.join('');
  }

  exited(): Promise<void> {
    if (this.exit) return Promise.resolve();
    return new Promise((resolve) => this.#exitWaiters.push(resolve));
  }
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs` with `what`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A process's state letter from /proc (R running, S sleeping, Z zombie, …), or '' once it is gone. */
export function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '';
  }
}

/** Output text without the terminal's CR before LF. */
export const lines = (text: string): string[] => text.replace(/\r\n/g, '\n').split('\n');
