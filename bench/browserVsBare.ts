/**
 * The browser bench against the bare pipeline (issue 7, point 1): Sluice's web mode and the bare
 * pipeline (bench/bare), each server in a process of its own, one page each in the same Chromium
 * and the same viewport, in alternating runs. Per run: the echo idle and while a second window
 * floods, the three floods to their last line on screen with the page's longest stall, the CPU time
 * of every process per flood, and the server's RSS. bareReport.ts turns the runs into figures.
 */
import { chromium, type Browser } from '@playwright/test';
import { startServer, type BenchServer, type Side } from './benchServers';
import { browserFloods, type BrowserFlood } from './browserFloods';
import { cpuSnapshot, cpuSpent, findChromiumBrowser, pageMainThreads, type CpuPart } from './cpuAccount';
import { buildBenchPages, type BenchPages } from './pageBuild';
import {
  clearScreen,
  echoSamples,
  floodOnScreen,
  openTerminalPage,
  waitForPrompt,
  type TerminalSize,
} from './pageDriver';
import { machineBusyCpu, memory, type SchedTimes } from './procStats';
import type { EchoTimes, FloodTimes } from './probe/probeApi';
import { benchCursor, VIEWPORT, type BenchCursor } from './terminalSettings';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/ui/fixtures/chromium';

/** Keystrokes per run and condition: 3 runs give 90 samples per side, enough for a p95. */
const ECHO_SAMPLES = 30;
/** After the prompt: let the shell, the mirror worker's start and the first paint settle. */
const SETTLE_MS = 1000;
/**
 * After a flood's last line is on screen, work it caused may still run (the mirror's last parse,
 * the last acks, a GC): its CPU counts for the flood too, so the reading waits this long.
 */
const AFTER_FLOOD_MS = 1000;
/** The second window's flood runs this long before the first keystroke, so every sample sees it. */
const FLOOD_WARMUP_MS = 1000;

export interface FloodRun {
  readonly name: string;
  readonly bytes: number;
  readonly times: FloodTimes;
  /** CPU seconds per part from just before the Enter to AFTER_FLOOD_MS after the last line showed. */
  readonly cpu: Record<CpuPart, number>;
  /** Busy CPU seconds of the rest of the machine (others' tests) in the same window. */
  readonly otherLoadCpu: number;
  readonly wallSeconds: number;
  /** The page's main thread from typing the command to the last line: on a core, and runnable but waiting for one. */
  readonly pageMainThread: SchedTimes;
}

export interface SideRun {
  readonly side: Side;
  readonly run: number;
  readonly renderer: string | null;
  readonly size: TerminalSize;
  readonly echoIdle: EchoTimes[];
  readonly echoUnderFlood: EchoTimes[];
  /** Whether the flooding second window was visible (a hidden Sluice view is suspended and costs nothing). */
  readonly floodWindowVisible: boolean;
  readonly floods: FloodRun[];
  readonly rss: {
    /** After the first prompt. */
    readonly idle: number;
    /** After the floods: the session's scrollback is full. */
    readonly idleFullScrollback: number;
    /** The peak (VmHWM) over the three floods. */
    readonly peakFloods: number;
    /** The peak once the second window's endless flood has run too. */
    readonly peakWithSecondWindow: number;
  };
}

export interface BareComparison {
  readonly cursor: BenchCursor;
  readonly viewport: typeof VIEWPORT;
  readonly runs: SideRun[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface RunContext {
  readonly browser: Browser;
  /**
   * The second window's own Chromium. Headless Chromium gives only its front page full frames:
   * a second page of the same browser took the front and left the measured page ~9 frames a
   * second idle and ~2 while the other flooded (measured), which would time the echo at frame
   * starvation. In a browser of its own each page gets its 60 frames, as two windows on a desktop.
   */
  readonly floodBrowser: Browser;
  readonly browserPid: number;
  readonly pages: BenchPages;
  readonly floods: readonly BrowserFlood[];
  readonly logFile: string;
  readonly cursor: BenchCursor;
}

async function measureFlood(
  context: RunContext,
  server: BenchServer,
  page: Parameters<typeof floodOnScreen>[0],
  flood: BrowserFlood,
): Promise<FloodRun> {
  const subjects = () => ({ serverPid: server.pid, mirrorTid: server.mirrorTid(), browserPid: context.browserPid });
  const before = cpuSnapshot(subjects());
  const busyBefore = machineBusyCpu();
  const selfBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const pageBefore = pageMainThreads(context.browserPid);
  const times = await floodOnScreen(page, flood.command, flood.lastLine);
  const pageAfter = pageMainThreads(context.browserPid);
  await sleep(AFTER_FLOOD_MS);
  const cpu = cpuSpent(before, cpuSnapshot(subjects()));
  const self = process.cpuUsage(selfBefore);
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0) + (self.user + self.system) / 1e6;
  return {
    name: flood.name,
    bytes: flood.bytes,
    times,
    cpu,
    otherLoadCpu: Math.max(0, machineBusyCpu() - busyBefore - ours),
    wallSeconds: (performance.now() - wallBefore) / 1000,
    pageMainThread: {
      onCpuMs: pageAfter.onCpuMs - pageBefore.onCpuMs,
      waitingMs: pageAfter.waitingMs - pageBefore.waitingMs,
    },
  };
}

async function runSide(context: RunContext, side: Side, run: number, size: TerminalSize | undefined): Promise<SideRun> {
  const server = await startServer(side, { bareDir: context.pages.bareDir });
  const browserContext = await context.browser.newContext({ viewport: VIEWPORT });
  try {
    await browserContext.addInitScript({ path: context.pages.probeScript });
    const opened = await openTerminalPage(browserContext, server, { cursor: context.cursor, size });
    const { page } = opened;
    await sleep(SETTLE_MS);
    const idle = memory(server.pid)?.rssBytes ?? NaN;
    const echoIdle = await echoSamples(page, ECHO_SAMPLES);
    const floods: FloodRun[] = [];
    for (const flood of context.floods) floods.push(await measureFlood(context, server, page, flood));
    await sleep(SETTLE_MS);
    const afterFloods = memory(server.pid);

    // A second window of the same server floods without end while the first one types.
    await clearScreen(page);
    const floodContext = await context.floodBrowser.newContext({ viewport: VIEWPORT });
    await floodContext.addInitScript({ path: context.pages.probeScript });
    const second = await openTerminalPage(floodContext, server, { cursor: context.cursor, size: opened.size });
    await second.page.keyboard.type(`while :; do cat ${context.logFile}; done`);
    await second.page.keyboard.press('Enter');
    await sleep(FLOOD_WARMUP_MS);
    const floodWindowVisible = await second.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { visibilityState: string } }).document;
      return doc.visibilityState === 'visible';
    });
    const echoUnderFlood = await echoSamples(page, ECHO_SAMPLES);
    await second.page.keyboard.press('Control+C');
    await floodContext.close();
    await waitForPrompt(page);
    return {
      side,
      run,
      renderer: opened.renderer,
      size: opened.size,
      echoIdle,
      echoUnderFlood,
      floodWindowVisible,
      floods,
      rss: {
        idle,
        idleFullScrollback: afterFloods?.rssBytes ?? NaN,
        peakFloods: afterFloods?.peakBytes ?? NaN,
        peakWithSecondWindow: memory(server.pid)?.peakBytes ?? NaN,
      },
    };
  } finally {
    await browserContext.close();
    await server.stop();
  }
}

/** `runs` runs of each side, alternating, Sluice first (the bare page takes the size Sluice's page chose). */
export async function browserVsBare(runs: number, log: (line: string) => void): Promise<BareComparison> {
  const pages = await buildBenchPages();
  const { floods, logFile } = browserFloods();
  const cursor = benchCursor();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const browserPid = findChromiumBrowser();
  const floodBrowser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context: RunContext = { browser, floodBrowser, browserPid, pages, floods, logFile, cursor };
    const results: SideRun[] = [];
    let size: TerminalSize | undefined;
    for (let run = 0; run < runs; run++) {
      for (const side of ['sluice', 'bare'] as const) {
        log(`bench: browser vs bare, run ${run + 1}/${runs}, ${side}…`);
        const result = await runSide(context, side, run, size);
        size ??= result.size;
        results.push(result);
      }
    }
    return { cursor, viewport: VIEWPORT, runs: results };
  } finally {
    await browser.close();
    await floodBrowser.close();
  }
}
