/**
 * The in-process measurements of `npm run bench`. Each returns plain figures; run.ts puts them
 * side by side as ratios measured in the same run.
 */
import headlessModule from '@xterm/headless';
import { readFileSync, statSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pty from 'node-pty';
import { benchService } from './benchService';
import { SluiceClient } from '../src/shared/client';
import { runClients, startClients } from './clients';

const { Terminal } = headlessModule;
const MiB = 1024 * 1024;

export interface Rate {
  readonly bytes: number;
  readonly seconds: number;
  readonly mibPerSecond: number;
}

const rate = (bytes: number, ms: number): Rate => ({
  bytes,
  seconds: ms / 1000,
  mibPerSecond: bytes / MiB / (ms / 1000),
});

/** Raw node-pty: how fast the bytes of `cat file` can be read from a PTY, with nothing else. */
export function rawPtyRead(file: string): Promise<Rate> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = pty.spawn('/bin/cat', [file], { cols: 120, rows: 40 });
    let bytes = 0;
    child.onData((data) => (bytes += Buffer.byteLength(data)));
    child.onExit(() => resolve(rate(bytes, performance.now() - start)));
  });
}

/** @xterm/headless parsing the same bytes (LF as a PTY sends it, CRLF), in 64 KiB writes. */
export function headlessParse(file: string): Promise<Rate> {
  const data = readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
  const terminal = new Terminal({ cols: 120, rows: 40, scrollback: 1000, allowProposedApi: true });
  const start = performance.now();
  const chunk = 64 * 1024;
  return new Promise((resolve) => {
    for (let i = 0; i < data.length; i += chunk) terminal.write(data.slice(i, i + chunk));
    terminal.write('', () => {
      resolve(rate(Buffer.byteLength(data), performance.now() - start));
      terminal.dispose();
    });
  });
}

/** The flood through the whole service (PTY → mirror + broadcaster → port) to an acking client thread. */
export async function serviceThroughput(file: string): Promise<Rate> {
  const service = benchService();
  try {
    const [result] = await runClients(service, [{ kind: 'flood', args: ['-c', `read -r; cat '${file}'`] }]);
    if (result?.kind !== 'flood') throw new Error('unexpected result');
    return rate(result.bytes, result.ms);
  } finally {
    await service.dispose();
  }
}

export interface LoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function histogramFigures(histogram: ReturnType<typeof monitorEventLoopDelay>): LoopDelay {
  return {
    p50Ms: histogram.percentile(50) / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
  };
}

/** The service thread's event-loop delay, idle and while `sessions` sessions flood to acking clients. */
export async function eventLoopDelay(
  file: string,
  sessions: number,
): Promise<{ idle: LoopDelay; flood: LoopDelay; floodMiBps: number }> {
  const service = benchService();
  try {
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    idle.disable();
    const flood = monitorEventLoopDelay({ resolution: 1 });
    flood.enable();
    const tasks = Array.from({ length: sessions }, () => ({
      kind: 'flood' as const,
      args: ['-c', `read -r; cat '${file}'`],
    }));
    const start = performance.now();
    const results = await runClients(service, tasks);
    const ms = performance.now() - start;
    flood.disable();
    const bytes = results.reduce((sum, r) => sum + (r.kind === 'flood' ? r.bytes : 0), 0);
    return { idle: histogramFigures(idle), flood: histogramFigures(flood), floodMiBps: bytes / MiB / (ms / 1000) };
  } finally {
    await service.dispose();
  }
}

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly samples: number;
}

function percentiles(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50Ms: at(50), p99Ms: at(99), samples: sorted.length };
}

/** Keystroke to echo at the client, idle and while another session floods. */
export async function echoLatency(file: string, samples: number): Promise<{ idle: Latency; underFlood: Latency }> {
  const service = benchService();
  try {
    const [idle] = await runClients(service, [{ kind: 'echo', samples, gapMs: 5 }]);
    // The flood repeats its file until the echo samples are done, so every sample sees it.
    const loop = `read -r; for i in $(seq 1 1000); do cat '${file}'; done`;
    const flood = startClients(service, [{ kind: 'flood', args: ['-c', loop] }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [busy] = await runClients(service, [{ kind: 'echo', samples, gapMs: 5 }]);
    await flood.terminate();
    if (idle?.kind !== 'echo' || busy?.kind !== 'echo') throw new Error('unexpected result');
    return { idle: percentiles(idle.latenciesMs), underFlood: percentiles(busy.latenciesMs) };
  } finally {
    await service.dispose();
  }
}

export interface Scale {
  readonly sessions: number;
  readonly subscribersPerSession: number;
  readonly bytesPerSubscriber: number;
  readonly totalSeconds: number;
  /** CPU seconds of the whole service process (service, mirror worker, both client threads). */
  readonly cpuSeconds: number;
  /** Per-session finish times, from the start signal: the fairness of the broadcaster. */
  readonly finishMs: { readonly min: number; readonly median: number; readonly max: number };
  readonly everyByteDelivered: boolean;
}

/** `sessions` sessions print `file` at once, each watched by two client connections (two windows). */
export async function scale(file: string, sessions: number): Promise<Scale> {
  const service = benchService();
  try {
    const { port1, port2 } = new MessageChannel();
    service.connect(port1);
    const creator = new SluiceClient(port2);
    const ids: number[] = [];
    for (let i = 0; i < sessions; i++) {
      ids.push(
        (await creator.create({ shell: '/bin/bash', args: ['-c', `read -r; cat '${file}'`], cols: 100, rows: 30 }))
          .session,
      );
    }
    const run = startClients(service, [
      { kind: 'watch', sessions: ids },
      { kind: 'watch', sessions: ids },
    ]);
    await run.attached;
    const cpuBefore = process.cpuUsage();
    const start = Date.now();
    for (const id of ids) creator.write(id, 'go\r');
    const results = await run.results;
    const totalSeconds = (Date.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const expected = statSync(file).size;
    const finish: number[] = [];
    let everyByteDelivered = true;
    for (const result of results) {
      if (result.kind !== 'watch') continue;
      for (const session of result.sessions) {
        finish.push(session.exitAt - start);
        // A PTY turns each LF into CRLF: every line adds one byte.
        if (session.bytes < expected) everyByteDelivered = false;
      }
    }
    finish.sort((a, b) => a - b);
    creator.close();
    return {
      sessions,
      subscribersPerSession: 2,
      bytesPerSubscriber: expected,
      totalSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      finishMs: {
        min: finish[0] ?? NaN,
        median: finish[Math.floor(finish.length / 2)] ?? NaN,
        max: finish.at(-1) ?? NaN,
      },
      everyByteDelivered,
    };
  } finally {
    await service.dispose();
  }
}
