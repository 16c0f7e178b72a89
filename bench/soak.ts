/**
 * `npm run bench -- soak`: 100 sessions × 2 subscribers for 60 s, every subscriber acking after
 * random delays (bench/soakClient.ts), every session printing numbered lines (soakLines.ts).
 * Reports what a long run must not show: memory that creeps (the slope of a straight line fitted
 * to RSS, in MiB a minute), a byte lost, and a service event loop that stalls (its p99 delay).
 *
 * Runs in a process of its own (soakChild.ts), so the RSS is the soak's alone.
 */
import { execFile } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MessageChannel, Worker } from 'node:worker_threads';
import { SluiceClient } from '../src/shared/client';
import { benchService } from './benchService';
import type { SoakClientData, SoakClientMessage, SubscriberResult } from './soakClient';
import { PRODUCER_SCRIPT } from './soakLines';

export interface SoakOptions {
  readonly sessions: number;
  readonly seconds: number;
}

export interface SoakFigures {
  readonly sessions: number;
  readonly subscribers: number;
  readonly seconds: number;
  /** Least-squares slope of RSS over the run after the warm-up, MiB per minute. */
  readonly rssSlopeMiBPerMinute: number;
  /** Lines of scrollback of every session (full within the warm-up). */
  readonly scrollback: number;
  readonly rssStartMiB: number;
  readonly rssEndMiB: number;
  readonly rssPeakMiB: number;
  /** Every subscriber's lines that never came, in bytes; must be 0. */
  readonly bytesLost: number;
  /** Lines repeated, out of order or garbled; must be 0. */
  readonly wrongLines: number;
  /** Subscribers whose session never said `END` before the deadline (their figures are partial). */
  readonly unfinished: number;
  readonly linesDelivered: number;
  readonly mibDelivered: number;
  readonly eventLoopP99Ms: number;
  readonly eventLoopMaxMs: number;
  readonly acks: number;
}

const MiB = 1024 * 1024;
/**
 * Scrollback of the soak's sessions: 1 000 lines, not the default 10 000, so that every session's
 * scrollback is full within the warm-up (at ~200 lines a second, in 5 s). Filling 100 default
 * scrollbacks takes about a minute and ~1 GiB, a rise that would hide any leak in the slope.
 */
const SOAK_SCROLLBACK = 1000;
/** Subscriber threads; each hosts one connection per session (two windows on every session). */
const SUBSCRIBER_THREADS = 2;
/** RSS is read once a second: 60 points for the fit, coarse enough to cost nothing. */
const RSS_SAMPLE_MS = 1000;
/**
 * The first part of the run is left out of the slope: the first snapshot, JIT and the heap's
 * growth to its working size are a rise that happens once, not a leak.
 */
const WARM_UP_FRACTION = 0.25;
/** After the stop signal, how long the producers and subscribers get to finish. */
const DRAIN_TIMEOUT_MS = 60_000;

/** Least-squares slope of `points` (x in ms, y in bytes), in MiB per minute. */
export function slopeMiBPerMinute(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : ((numerator / denominator) * 60_000) / MiB;
}

function startSubscribers(
  service: ReturnType<typeof benchService>,
  sessions: number[],
  seed: number,
): { attached: Promise<void>; results: Promise<SubscriberResult[]>; terminate: () => Promise<number> } {
  const ports = sessions.map(() => {
    const { port1, port2 } = new MessageChannel();
    service.connect(port1);
    return port2;
  });
  const data: SoakClientData = { ports, sessions, seed };
  const worker = new Worker(new URL('../src/main/mirror/workerBootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./soakClient.ts', import.meta.url).href, ...data },
    transferList: ports,
  });
  let attached!: () => void;
  const ready = new Promise<void>((resolve) => (attached = resolve));
  const results = new Promise<SubscriberResult[]>((resolve, reject) => {
    worker.on('message', (message: SoakClientMessage) => {
      if ('attached' in message) attached();
      else resolve(message.results);
    });
    worker.once('error', reject);
  });
  return { attached: ready, results, terminate: () => worker.terminate() };
}

export async function soak(options: SoakOptions): Promise<SoakFigures> {
  const service = benchService({ scrollback: SOAK_SCROLLBACK });
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    const { port1, port2 } = new MessageChannel();
    service.connect(port1);
    const creator = new SluiceClient(port2);
    const ids: number[] = [];
    for (let i = 0; i < options.sessions; i++) {
      ids.push(
        (await creator.create({ shell: '/bin/bash', args: ['-c', PRODUCER_SCRIPT], cols: 80, rows: 24 })).session,
      );
    }
    const threads = Array.from({ length: SUBSCRIBER_THREADS }, (_, i) => startSubscribers(service, ids, i + 1));
    await Promise.all(threads.map((thread) => thread.attached));

    const loop = monitorEventLoopDelay({ resolution: 1 });
    const rss: Array<[number, number]> = [];
    const start = performance.now();
    const sample = (): number => rss.push([performance.now() - start, process.memoryUsage().rss]);
    sample();
    const sampler = setInterval(sample, RSS_SAMPLE_MS);
    loop.enable();
    for (const id of ids) creator.write(id, 'go\r');
    await sleep(options.seconds * 1000);
    loop.disable();
    clearInterval(sampler);
    sample();
    for (const id of ids) creator.write(id, 'stop\r');

    const deadline = sleep(DRAIN_TIMEOUT_MS).then(() => undefined);
    const settled = await Promise.race([Promise.all(threads.map((thread) => thread.results)), deadline]);
    const results = settled ?? [];
    await Promise.all(threads.map((thread) => thread.terminate()));
    creator.close();

    const subscribers = results.flat();
    const warmUpMs = options.seconds * 1000 * WARM_UP_FRACTION;
    const sum = (pick: (result: SubscriberResult) => number): number =>
      subscribers.reduce((total, result) => total + pick(result), 0);
    return {
      sessions: options.sessions,
      subscribers: options.sessions * SUBSCRIBER_THREADS,
      seconds: options.seconds,
      scrollback: SOAK_SCROLLBACK,
      rssSlopeMiBPerMinute: slopeMiBPerMinute(rss.filter(([at]) => at >= warmUpMs)),
      rssStartMiB: (rss[0]?.[1] ?? 0) / MiB,
      rssEndMiB: (rss.at(-1)?.[1] ?? 0) / MiB,
      rssPeakMiB: Math.max(...rss.map(([, bytes]) => bytes)) / MiB,
      bytesLost: sum((result) => result.bytesLost),
      wrongLines: sum((result) => result.wrongLines),
      unfinished: options.sessions * SUBSCRIBER_THREADS - subscribers.filter((result) => result.produced >= 0).length,
      linesDelivered: sum((result) => result.lines),
      mibDelivered: sum((result) => result.bytesReceived) / MiB,
      eventLoopP99Ms: loop.percentile(99) / 1e6,
      eventLoopMaxMs: loop.max / 1e6,
      acks: sum((result) => result.acks),
    };
  } finally {
    await service.dispose();
  }
}

/** Room for start-up (tsx, 100 shells) and the drain, on top of the run itself. */
const CHILD_OVERHEAD_MS = 180_000;

/** The soak in a child process of its own (bench/soakChild.ts). */
export function measureSoak(options: SoakOptions): Promise<SoakFigures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/soakChild.ts', String(options.sessions), String(options.seconds)],
      { encoding: 'utf8', maxBuffer: 1 << 20, timeout: options.seconds * 1000 + CHILD_OVERHEAD_MS },
      (error, stdout) => {
        const line = stdout.split('\n').find((text) => text.startsWith('{'));
        if (line) resolve(JSON.parse(line) as SoakFigures);
        else reject(error ?? new Error('the soak printed no result'));
      },
    );
  });
}
