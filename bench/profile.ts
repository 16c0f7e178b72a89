/**
 * `npm run bench -- profile`: the first profiling pass of issue 7 (point 3), on both sides.
 * For Sluice's web mode and for the bare pipeline, each in turn:
 *   - the server runs under `node --cpu-prof` (every thread writes a profile on exit);
 *   - Chromium records a performance trace of a few keystroke echoes, and another of one flood;
 *   - a Node WebSocket client times the echo through the server alone (wsEcho.ts).
 * Everything lands in bench/results/profiles/<side>/; cpuProfileSummary.ts and traceSummary.ts
 * reduce it to the figures docs/performance.md quotes, restricted to the flood's own time window.
 */
import { chromium, type Browser } from '@playwright/test';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startServer, type Side } from './benchServers';
import { browserFloods } from './browserFloods';
import { cpuProfileSummary, type CpuProfileSummary } from './cpuProfileSummary';
import type { Row } from './bareReport';
import { buildBenchPages, type BenchPages } from './pageBuild';
import { echoSamples, floodOnScreen, openTerminalPage, type TerminalSize } from './pageDriver';
import { spread, percentile, type Spread } from './stats';
import { benchCursor, VIEWPORT } from './terminalSettings';
import { echoTraceSummary, floodTraceSummary, type EchoTrace, type FloodTrace } from './traceSummary';
import { serverEcho } from './wsEcho';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/ui/fixtures/chromium';

const PROFILE_DIR = 'bench/results/profiles';
/** Echoes in the echo trace: a few, so one odd key does not make the picture. */
const TRACED_ECHOES = 5;
/** Echoes through the server alone: enough for a p50 and p95. */
const SERVER_ECHOES = 60;
/**
 * What Chromium records: the timeline DevTools shows (tasks, events, frames, paint) plus V8's
 * execution and GC, and the input and IPC plumbing that carries a key to the page.
 */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink',
  'cc',
  'input',
  'latencyInfo',
  'toplevel',
  'ipc',
  'mojom',
  'benchmark',
  // V8's sampling profiler: which functions (and so which modules of the bundle) the JS time is in.
  'disabled-by-default-v8.cpu_profiler',
];

export interface SideProfile {
  readonly side: Side;
  /** Bytes of the profiled flood (the coloured log), for figures per MiB. */
  readonly floodBytes: number;
  readonly serverEchoMs: { readonly p50: number; readonly p95: number; readonly samples: Spread };
  readonly echo: EchoTrace;
  readonly flood: FloodTrace;
  /** CPU per thread of the server during the flood, from its `--cpu-prof` profiles. */
  readonly serverCpu: CpuProfileSummary[];
}

/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles, so the flood's window can be cut out of them. */
const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

async function profileSide(browser: Browser, pages: BenchPages, side: Side, size: TerminalSize | undefined) {
  const dir = path.join(PROFILE_DIR, side);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startServer(side, { bareDir: pages.bareDir, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  let window = { from: 0, to: 0 };
  let opened;
  let floodBytes: number;
  let serverEchoMs: number[];
  const echoTraceFile = path.join(dir, 'echo-trace.json');
  const floodTraceFile = path.join(dir, 'flood-trace.json');
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ path: pages.probeScript });
    opened = await openTerminalPage(context, server, { cursor: benchCursor(), size });
    serverEchoMs = await serverEcho(server, SERVER_ECHOES);
    await browser.startTracing(opened.page, { path: echoTraceFile, categories: TRACE_CATEGORIES });
    await echoSamples(opened.page, TRACED_ECHOES);
    await browser.stopTracing();
    const flood = browserFloods().floods.find((candidate) => candidate.name.includes('coloured'));
    if (!flood) throw new Error('no coloured-log flood');
    floodBytes = flood.bytes;
    await browser.startTracing(opened.page, { path: floodTraceFile, categories: TRACE_CATEGORIES });
    const from = monotonicMicros();
    await floodOnScreen(opened.page, flood.command, flood.lastLine);
    window = { from, to: monotonicMicros() };
    await browser.stopTracing();
    await context.close();
  } finally {
    // The server writes its profiles as it exits.
    await server.stop();
  }
  const profiles = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  return {
    size: opened.size,
    profile: {
      side,
      floodBytes,
      serverEchoMs: {
        p50: percentile(serverEchoMs, 50),
        p95: percentile(serverEchoMs, 95),
        samples: spread(serverEchoMs),
      },
      echo: echoTraceSummary(echoTraceFile),
      flood: floodTraceSummary(floodTraceFile),
      serverCpu: profiles.map((file) => cpuProfileSummary(path.join(dir, file), window)),
    } satisfies SideProfile,
  };
}

export async function profileBothSides(log: (line: string) => void): Promise<SideProfile[]> {
  const pages = await buildBenchPages();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const results: SideProfile[] = [];
    let size: TerminalSize | undefined;
    for (const side of ['sluice', 'bare'] as const) {
      log(`bench: profiling ${side}…`);
      const result = await profileSide(browser, pages, side, size);
      size ??= result.size;
      results.push(result.profile);
    }
    return results;
  } finally {
    await browser.close();
  }
}

/** The profiles' headline figures, for the table `npm run bench` prints. */
export function profileRows(profiles: readonly SideProfile[]): Row[] {
  const rows: Row[] = [];
  for (const profile of profiles) {
    const { echo, flood } = profile;
    rows.push({
      measure: `profile ${profile.side}: echo through the server alone p50 / p95`,
      value: `${profile.serverEchoMs.p50.toFixed(2)} / ${profile.serverEchoMs.p95.toFixed(2)} ms`,
      target: '',
      met: undefined,
    });
    rows.push({
      measure: '  traced echo: keydown→send, send→receive, →frame, frame',
      value: `${echo.medianMs.keydownToSend.toFixed(1)}, ${echo.medianMs.sendToReceive.toFixed(1)}, ${echo.medianMs.receiveToFrame.toFixed(1)}, ${echo.medianMs.frame.toFixed(1)} ms (${echo.mainFramesPerSecond.toFixed(0)} main frames/s)`,
      target: '',
      met: undefined,
    });
    rows.push({
      measure: '  traced flood: page main thread busy, frames/s',
      value: `${(flood.mainBusyFraction * 100).toFixed(0)} % of ${(flood.windowMs / 1000).toFixed(1)} s, ${flood.mainFramesPerSecond.toFixed(0)}/s`,
      target: '',
      met: undefined,
    });
    const turns = flood.writeTurns;
    rows.push({
      measure: "  traced flood: frames per MiB; xterm's write turns, median, ended dry",
      value: `${(flood.mainFrames / (profile.floodBytes / 2 ** 20)).toFixed(0)} frames/MiB; ${turns.count} turns, ${turns.medianMs.toFixed(1)} ms, ${(turns.dryShare * 100).toFixed(0)} % dry`,
      target: '',
      met: undefined,
    });
    for (const thread of profile.serverCpu.filter((candidate) => candidate.busyMs > 1)) {
      // V8's sampler counts wall time in a state, runnable or not: on a busy machine its
      // milliseconds overstate CPU, so the profile gives shares; /proc (the bare bench) gives CPU.
      const stages = Object.entries(thread.stagesMs)
        .filter(([name]) => name !== 'idle')
        .slice(0, 4)
        .map(([name, ms]) => `${name} ${((ms / thread.busyMs) * 100).toFixed(0)} %`)
        .join(', ');
      rows.push({ measure: `  server ${thread.thread} during the flood`, value: stages, target: '', met: undefined });
    }
  }
  return rows;
}
