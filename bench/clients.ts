import { MessageChannel, Worker } from 'node:worker_threads';
import type { TerminalService } from '../src/main/service';
import type { ClientResult, ClientTask } from './clientWorker';

export interface ClientRun {
  readonly results: Promise<ClientResult[]>;
  /** Every `watch` task has attached to all its sessions. */
  readonly attached: Promise<void>;
  /** Ends the client thread (for a flood that is stopped rather than finished). */
  terminate(): Promise<number>;
}

/** Runs `tasks` in one client thread, each on its own connection to `service`; resolves with the results. */
export function runClients(service: TerminalService, tasks: ClientTask[]): Promise<ClientResult[]> {
  return startClients(service, tasks).results;
}

export function startClients(service: TerminalService, tasks: ClientTask[]): ClientRun {
  const ports = tasks.map(() => {
    const { port1, port2 } = new MessageChannel();
    service.connect(port1);
    return port2;
  });
  const worker = new Worker(new URL('../src/main/mirror/workerBootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./clientWorker.ts', import.meta.url).href, ports, tasks },
    transferList: ports,
  });
  let attachedCount = 0;
  let onAttached!: () => void;
  const attached = new Promise<void>((resolve) => (onAttached = resolve));
  const watchers = tasks.filter((task) => task.kind === 'watch').length;
  const results = new Promise<ClientResult[]>((resolve, reject) => {
    worker.on('message', (message: ClientResult[] | { attached: true }) => {
      if (!Array.isArray(message)) {
        if (++attachedCount === watchers) onAttached();
        return;
      }
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  return { results, attached, terminate: () => worker.terminate() };
}
