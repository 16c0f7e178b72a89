/**
 * A benchmark client in its own thread, as a renderer is in its own process: it drives sessions
 * through a real `SluiceClient`, acks as a renderer would, and reports what it measured. The
 * service's thread then carries only the service, so its event-loop delay is its own.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SluiceClient } from '../src/shared/client';

export type ClientTask =
  /** Run `args` in bash (it must wait for one line of input first), count output until exit. */
  | { readonly kind: 'flood'; readonly args: readonly string[] }
  /** A `cat` session: type one character at a time and time until its echo arrives. */
  | { readonly kind: 'echo'; readonly samples: number; readonly gapMs: number }
  /** Attach to existing sessions and receive everything until each exits (a second window). */
  | { readonly kind: 'watch'; readonly sessions: readonly number[] };

export type ClientResult =
  | { readonly kind: 'flood'; readonly bytes: number; readonly ms: number }
  | { readonly kind: 'echo'; readonly latenciesMs: number[] }
  /** Per session: bytes received and the wall-clock time (Date.now) of its exit. */
  | { readonly kind: 'watch'; readonly sessions: ReadonlyArray<{ bytes: number; exitAt: number }> };

interface Data {
  readonly ports: MessagePort[];
  readonly tasks: ClientTask[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function flood(client: SluiceClient, task: Extract<ClientTask, { kind: 'flood' }>): Promise<ClientResult> {
  const { session } = await client.create({ shell: '/bin/bash', args: [...task.args], cols: 120, rows: 40 });
  let bytes = 0;
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  client.on('output', (event, done) => {
    bytes += Buffer.byteLength(event.data);
    done();
  });
  client.on('exit', () => exited());
  await client.attach(session);
  const start = performance.now();
  client.write(session, 'go\r');
  await exit;
  const ms = performance.now() - start;
  await client.kill(session);
  return { kind: 'flood', bytes, ms };
}

async function echo(client: SluiceClient, task: Extract<ClientTask, { kind: 'echo' }>): Promise<ClientResult> {
  const { session } = await client.create({ shell: 'cat', args: [] });
  let waiting: { char: string; resolve: () => void } | undefined;
  client.on('output', (event, done) => {
    if (waiting && event.data.includes(waiting.char)) waiting.resolve();
    done();
  });
  await client.attach(session);
  const latenciesMs: number[] = [];
  for (let i = 0; i < task.samples; i++) {
    const char = String.fromCharCode(97 + (i % 26));
    const echoed = new Promise<void>((resolve) => (waiting = { char, resolve }));
    const start = performance.now();
    client.write(session, char);
    await echoed;
    latenciesMs.push(performance.now() - start);
    waiting = undefined;
    // A line now and then so cat's line buffer stays small.
    if (i % 50 === 49) client.write(session, '\r');
    await sleep(task.gapMs);
  }
  await client.kill(session);
  return { kind: 'echo', latenciesMs };
}

async function watch(client: SluiceClient, task: Extract<ClientTask, { kind: 'watch' }>): Promise<ClientResult> {
  const stats = new Map(task.sessions.map((session) => [session, { bytes: 0, exitAt: 0 }]));
  let left = task.sessions.length;
  let allExited!: () => void;
  const done = new Promise<void>((resolve) => (allExited = resolve));
  client.on('output', (event, finish) => {
    const entry = stats.get(event.session);
    if (entry) entry.bytes += Buffer.byteLength(event.data);
    finish();
  });
  client.on('exit', (event) => {
    const entry = stats.get(event.session);
    if (!entry || entry.exitAt !== 0) return;
    entry.exitAt = Date.now();
    if (--left === 0) allExited();
  });
  await Promise.all(task.sessions.map((session) => client.attach(session)));
  parentPort?.postMessage({ attached: true });
  await done;
  return { kind: 'watch', sessions: task.sessions.map((session) => stats.get(session) ?? { bytes: 0, exitAt: 0 }) };
}

const { ports, tasks } = workerData as Data;
const results = await Promise.all(
  tasks.map(async (task, i) => {
    const port = ports[i];
    if (!port) throw new Error(`no port for task ${i}`);
    const client = new SluiceClient(port);
    const result =
      task.kind === 'flood'
        ? await flood(client, task)
        : task.kind === 'echo'
          ? await echo(client, task)
          : await watch(client, task);
    client.close();
    return result;
  }),
);
parentPort?.postMessage(results);
