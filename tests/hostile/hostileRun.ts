/**
 * One hostile case through a real service with real PTYs, probed the way a user would notice
 * harm: a hostile session `cat`s the case while a second, innocent session is typed into and
 * re-attached over and over. Returns what was measured; the test asserts bounds on it, the
 * bench (`npm run bench -- hostile`) reports it.
 *
 * - **Echo**: a keystroke into the innocent `cat` session and its echo (the kernel's, so only
 *   the service's event loop and the broadcaster are on the path).
 * - **Attach**: a second window attaching to the innocent session: its snapshot comes from the
 *   mirror worker, which the hostile session's mirror shares, so this is what shows whether one
 *   session's parse stalls another's.
 * - **Done**: the hostile session has exited and its own mirror has parsed every byte (a
 *   snapshot of it has arrived).
 * - **Memory**: the process's resident set (service, mirror worker and clients all live in it).
 */
import { MessageChannel } from 'node:worker_threads';
import type { TerminalService } from '../../src/main/service';
import { SluiceClient } from '../../src/shared/client';
import { hostileFile, type HostileCase } from './corpus';

export interface ProbeFigures {
  readonly samples: number;
  readonly p50Ms: number;
  readonly maxMs: number;
}

export interface HostileRunResult {
  readonly name: string;
  readonly bytes: number;
  /** From the start of the output until the hostile session's exit reached the client. */
  readonly outputMs: number;
  /** From the start until a snapshot of the hostile session (taken after its exit) arrived. */
  readonly doneMs: number;
  readonly echo: ProbeFigures;
  readonly attach: ProbeFigures;
  readonly rssBeforeMiB: number;
  /** Highest RSS seen by the sampler (every 50 ms, on the service's thread). */
  readonly rssPeakMiB: number;
  /** True if `timeoutMs` passed before the hostile session was done; the figures are partial. */
  readonly timedOut: boolean;
}

export interface HostileRunOptions {
  /** Give up after this long (default 120 s); the result says `timedOut`. */
  readonly timeoutMs?: number;
  /** The gap between two probes (default 50 ms). */
  readonly gapMs?: number;
}

const MiB = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;
/** Often enough to catch a stall of a few hundred ms, rarely enough to add no load of its own. */
const DEFAULT_GAP_MS = 50;
/** Attach probes are this many times rarer than keystrokes: a snapshot costs more than an echo. */
const ATTACH_GAP_FACTOR = 4;
/** RSS sampling period: fine enough to see a transient peak of a second. */
const RSS_SAMPLE_MS = 50;

function figures(values: readonly number[]): ProbeFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

function connect(service: TerminalService): SluiceClient {
  const { port1, port2 } = new MessageChannel();
  service.connect(port1);
  return new SluiceClient(port2);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the elapsed ms, or with `Infinity` if `deadline` (a Date.now()) passes first. */
async function timed(work: Promise<unknown>, deadline: number): Promise<number> {
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - Date.now()));
  });
  // A request that fails (its connection closed at the end of a run that timed out) ends the wait too.
  const ended = work.then(
    () => 'done' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([ended, expired]);
  clearTimeout(timer);
  return outcome === 'done' ? performance.now() - start : Number.POSITIVE_INFINITY;
}

export async function runHostileCase(
  service: TerminalService,
  entry: HostileCase,
  options: HostileRunOptions = {},
): Promise<HostileRunResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
  const file = hostileFile(entry);
  const bytes = entry.bytes().length;

  // The window showing both sessions (it renders at once: every chunk is done when it arrives).
  const view = connect(service);
  // A second window that attaches to the innocent session again and again.
  const second = connect(service);

  const victim = (await view.create({ shell: '/bin/cat', args: [], cols: 80, rows: 24 })).session;
  const hostile = (
    await view.create({ shell: '/bin/bash', args: ['-c', `read -r; cat '${file}'`], cols: 80, rows: 24 })
  ).session;

  let echoWaiter: { char: string; resolve: () => void } | undefined;
  let exited!: () => void;
  const hostileExit = new Promise<void>((resolve) => (exited = resolve));
  view.on('output', (event, done) => {
    if (event.session === victim && echoWaiter && event.data.includes(echoWaiter.char)) echoWaiter.resolve();
    done();
  });
  view.on('exit', (event) => {
    if (event.session === hostile) exited();
  });
  second.on('output', (_event, done) => done());
  await view.attach(victim);
  await view.attach(hostile);

  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), RSS_SAMPLE_MS);

  const start = performance.now();
  const deadline = Date.now() + timeoutMs;
  view.write(hostile, 'go\r');

  let outputMs = Number.POSITIVE_INFINITY;
  let doneMs = Number.POSITIVE_INFINITY;
  // Done once the exit has come and a snapshot of the hostile session (the mirror's, after every
  // byte) has been delivered to the second window.
  const finished = hostileExit
    .then(async () => {
      outputMs = performance.now() - start;
      await second.attach(hostile);
      doneMs = performance.now() - start;
    })
    // The connection closed before the snapshot came (a run that timed out): not done.
    .catch(() => undefined);
  let isFinished = false;
  void finished.then(() => (isFinished = true));

  const running = (): boolean => !isFinished && Date.now() < deadline;
  // Two probes, each in its own loop, so a stalled attach does not stop the echo being measured.
  const echoes: number[] = [];
  const echoLoop = (async () => {
    for (let probe = 0; running(); probe++) {
      const char = String.fromCharCode(97 + (probe % 26));
      const echoed = new Promise<void>((resolve) => (echoWaiter = { char, resolve }));
      view.write(victim, char);
      echoes.push(await timed(echoed, deadline));
      echoWaiter = undefined;
      // A line now and then, so cat's line buffer stays short.
      if (probe % 50 === 49) view.write(victim, '\r');
      await sleep(gapMs);
    }
  })();
  const attaches: number[] = [];
  const attachLoop = (async () => {
    while (running()) {
      attaches.push(await timed(second.attach(victim), deadline));
      await second.detach(victim).catch(() => undefined);
      await sleep(gapMs * ATTACH_GAP_FACTOR);
    }
  })();
  await Promise.all([echoLoop, attachLoop]);
  await timed(finished, deadline);
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

  view.close();
  second.close();
  return {
    name: entry.name,
    bytes,
    outputMs,
    doneMs,
    echo: figures(echoes),
    attach: figures(attaches),
    rssBeforeMiB: rssBefore / MiB,
    rssPeakMiB: rssPeak / MiB,
    timedOut: !Number.isFinite(doneMs),
  };
}
