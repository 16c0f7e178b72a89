/**
 * Turns the runs of browserVsBare.ts into the figures of issue 7 (Sluice and bare each as a
 * median with min–max over runs, and Sluice ÷ bare as the median and range of the per-run-pair
 * ratios) and into table rows with the targets of issue 7, point 2, beside them.
 */
import type { BareComparison, FloodRun, SideRun } from './browserVsBare';
import { CPU_PARTS, type CpuPart } from './cpuAccount';
import type { EchoTimes } from './probe/probeApi';
import { formatSpread, percentile, spread, type Spread } from './stats';

const MiB = 1024 * 1024;
/** Issue 7, point 2: the targets, each against bare measured in the same run. */
export const BARE_TARGETS = {
  /** Echo keydown → first output frame, p50: at most this many ms above bare. */
  echoFrameP50ExtraMs: 0.5,
  /** Echo keydown → on screen, p50: at most this many ms above bare. */
  echoScreenP50ExtraMs: 1,
  /** Every flood at least as fast as bare to its last line: Sluice's time ÷ bare's at most 1. */
  floodTimeRatio: 1,
  /** Whole-system CPU per MiB delivered, ÷ bare. */
  cpuPerMiBRatio: 1.5,
  /** Server RSS at idle: at most 1.25 × bare + 10 MB per session with its scrollback full. */
  rssRatio: 1.25,
  rssPerSessionBytes: 10_000_000,
  /** The page's main thread never stalls longer than this. */
  stallMs: 50,
} as const;

export interface Compared {
  readonly sluice: Spread;
  readonly bare: Spread;
  /** Sluice ÷ bare of each pair of runs (run i of each side). */
  readonly ratio: Spread;
}

export interface Row {
  readonly measure: string;
  readonly value: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

function compare(runs: readonly SideRun[], figure: (run: SideRun) => number): Compared {
  const sluice = runs.filter((run) => run.side === 'sluice');
  const bare = runs.filter((run) => run.side === 'bare');
  const ratios = sluice.map((run, i) => {
    const other = bare[i];
    return other ? figure(run) / figure(other) : NaN;
  });
  return { sluice: spread(sluice.map(figure)), bare: spread(bare.map(figure)), ratio: spread(ratios) };
}

type EchoStage =
  'keydown → sent' | 'sent → first frame' | 'keydown → first frame' | 'frame → on screen' | 'keydown → on screen';
const ECHO_STAGES: Record<EchoStage, (t: EchoTimes) => number> = {
  'keydown → sent': (t) => t.sentAt - t.keydownAt,
  'sent → first frame': (t) => t.frameAt - t.sentAt,
  'keydown → first frame': (t) => t.frameAt - t.keydownAt,
  'frame → on screen': (t) => t.screenAt - t.frameAt,
  'keydown → on screen': (t) => t.screenAt - t.keydownAt,
};

const floodMs = (flood: FloodRun | undefined): number => (flood ? flood.times.screenAt - flood.times.keydownAt : NaN);
const totalCpu = (cpu: Record<CpuPart, number>): number => Object.values(cpu).reduce((a, b) => a + b, 0);
/** CPU ms per MiB delivered over all floods of a run, for one part or all. */
function cpuMsPerMiB(run: SideRun, part?: CpuPart): number {
  const bytes = run.floods.reduce((sum, flood) => sum + flood.bytes, 0);
  const seconds = run.floods.reduce((sum, flood) => sum + (part ? flood.cpu[part] : totalCpu(flood.cpu)), 0);
  return (seconds * 1000) / (bytes / MiB);
}

export interface BareFigures {
  readonly cursorBlink: boolean;
  readonly renderers: string[];
  readonly terminalSize: string;
  readonly floodWindowAlwaysVisible: boolean;
  readonly floods: Record<
    string,
    Compared & {
      readonly longestFrameGapMs: Compared;
      readonly longestTaskMs: Compared;
      /** Frames the page drew while the flood ran. */
      readonly frames: Compared;
      /** The page's main thread during the flood: on a core, and runnable but waiting for one, ms. */
      readonly pageOnCpuMs: Compared;
      readonly pageWaitingMs: Compared;
    }
  >;
  readonly echo: Record<'idle' | 'underFlood', Record<EchoStage, { readonly p50: Compared; readonly p95: Compared }>>;
  readonly cpuMsPerMiB: Record<CpuPart | 'whole system', Compared>;
  readonly rssMiB: Record<keyof SideRun['rss'], Compared>;
  /** Busy cores of the rest of the machine (others' work) during the floods, per side. */
  readonly otherLoadCores: { readonly sluice: Spread; readonly bare: Spread };
}

export function bareFigures(comparison: BareComparison): BareFigures {
  const { runs } = comparison;
  const floodNames = runs[0]?.floods.map((flood) => flood.name) ?? [];
  const floods = Object.fromEntries(
    floodNames.map((name) => {
      const find = (run: SideRun): FloodRun | undefined => run.floods.find((flood) => flood.name === name);
      return [
        name,
        {
          ...compare(runs, (run) => floodMs(find(run))),
          longestFrameGapMs: compare(runs, (run) => find(run)?.times.longestFrameGapMs ?? NaN),
          longestTaskMs: compare(runs, (run) => find(run)?.times.longestTaskMs ?? NaN),
          frames: compare(runs, (run) => find(run)?.times.frames ?? NaN),
          pageOnCpuMs: compare(runs, (run) => find(run)?.pageMainThread.onCpuMs ?? NaN),
          pageWaitingMs: compare(runs, (run) => find(run)?.pageMainThread.waitingMs ?? NaN),
        },
      ];
    }),
  );
  const echoFor = (samples: (run: SideRun) => EchoTimes[]) =>
    Object.fromEntries(
      Object.entries(ECHO_STAGES).map(([stage, of]) => [
        stage,
        {
          p50: compare(runs, (run) => percentile(samples(run).map(of), 50)),
          p95: compare(runs, (run) => percentile(samples(run).map(of), 95)),
        },
      ]),
    ) as Record<EchoStage, { p50: Compared; p95: Compared }>;
  const cpu = Object.fromEntries([
    ...CPU_PARTS.map((part) => [part, compare(runs, (run) => cpuMsPerMiB(run, part))]),
    ['whole system', compare(runs, (run) => cpuMsPerMiB(run))],
  ]) as Record<CpuPart | 'whole system', Compared>;
  const rssKeys = ['idle', 'idleFullScrollback', 'peakFloods', 'peakWithSecondWindow'] as const;
  const rssMiB = Object.fromEntries(rssKeys.map((key) => [key, compare(runs, (run) => run.rss[key] / MiB)])) as Record<
    (typeof rssKeys)[number],
    Compared
  >;
  const otherLoad = (side: SideRun['side']) =>
    spread(
      runs
        .filter((run) => run.side === side)
        .flatMap((run) => run.floods.map((flood) => flood.otherLoadCpu / flood.wallSeconds)),
    );
  return {
    cursorBlink: comparison.cursor.cursorBlink,
    renderers: [...new Set(runs.map((run) => `${run.side}: ${run.renderer ?? 'unknown'}`))],
    terminalSize: [...new Set(runs.map((run) => `${run.size.cols}×${run.size.rows}`))].join(', '),
    floodWindowAlwaysVisible: runs.every((run) => run.floodWindowVisible),
    floods,
    echo: { idle: echoFor((run) => run.echoIdle), underFlood: echoFor((run) => run.echoUnderFlood) },
    cpuMsPerMiB: cpu,
    rssMiB,
    otherLoadCores: { sluice: otherLoad('sluice'), bare: otherLoad('bare') },
  };
}

const both = (c: Compared, unit: string, digits = 1): string =>
  `${formatSpread(c.sluice, digits)} vs ${formatSpread(c.bare, digits)} ${unit}` +
  // A part bare does not have (the mirror) has no ratio.
  (Number.isFinite(c.ratio.median) ? `, ÷ ${formatSpread(c.ratio, 2)}` : '');

export function bareRows(figures: BareFigures): Row[] {
  const rows: Row[] = [
    {
      measure: `browser vs bare (Sluice vs bare, median (min–max); cursorBlink ${figures.cursorBlink}, ${figures.terminalSize})`,
      value: figures.renderers.join(', '),
      target: '',
      met: undefined,
    },
  ];
  for (const [name, flood] of Object.entries(figures.floods)) {
    rows.push({
      measure: `  ${name}: to last line on screen`,
      value: both(flood, 'ms', 0),
      target: `÷ ≤ ${BARE_TARGETS.floodTimeRatio.toFixed(2)}`,
      met: flood.ratio.median <= BARE_TARGETS.floodTimeRatio,
    });
    rows.push({
      measure: `    longest frame gap / long task`,
      value: `${both(flood.longestFrameGapMs, 'ms', 0)} / Sluice ${formatSpread(flood.longestTaskMs.sluice, 0)} ms`,
      target: `≤ ${BARE_TARGETS.stallMs} ms`,
      met: flood.longestFrameGapMs.sluice.max <= BARE_TARGETS.stallMs,
    });
    rows.push({ measure: `    frames drawn`, value: both(flood.frames, 'frames', 0), target: '', met: undefined });
    rows.push({
      measure: `    page main thread on a core / waiting for one`,
      value: `${both(flood.pageOnCpuMs, 'ms', 0)} / ${both(flood.pageWaitingMs, 'ms', 0)}`,
      target: '',
      met: undefined,
    });
  }
  for (const condition of ['idle', 'underFlood'] as const) {
    const label = condition === 'idle' ? 'idle' : 'second window floods';
    for (const [stage, figure] of Object.entries(figures.echo[condition])) {
      const { p50, p95 } = figure;
      const extra =
        stage === 'keydown → first frame'
          ? BARE_TARGETS.echoFrameP50ExtraMs
          : stage === 'keydown → on screen'
            ? BARE_TARGETS.echoScreenP50ExtraMs
            : undefined;
      rows.push({
        measure: `  echo ${label}: ${stage} p50`,
        value: both(p50, 'ms', 2),
        target: extra === undefined ? '' : `≤ bare + ${extra} ms`,
        met: extra === undefined ? undefined : p50.sluice.median <= p50.bare.median + extra,
      });
      rows.push({ measure: `    p95`, value: both(p95, 'ms', 2), target: '', met: undefined });
    }
  }
  for (const [part, figure] of Object.entries(figures.cpuMsPerMiB)) {
    if (part !== 'whole system' && figure.sluice.max === 0 && figure.bare.max === 0) continue;
    rows.push({
      measure: `  CPU ms per MiB: ${part}`,
      value: both(figure, 'ms', 0),
      target: part === 'whole system' ? `÷ ≤ ${BARE_TARGETS.cpuPerMiBRatio}` : '',
      met: part === 'whole system' ? figure.ratio.median <= BARE_TARGETS.cpuPerMiBRatio : undefined,
    });
  }
  const rss = figures.rssMiB;
  const rssLimit = rss.idleFullScrollback.bare.median * BARE_TARGETS.rssRatio + BARE_TARGETS.rssPerSessionBytes / MiB;
  rows.push({ measure: '  server RSS idle, first prompt', value: both(rss.idle, 'MiB'), target: '', met: undefined });
  rows.push({
    measure: '  server RSS idle, scrollback full (1 session)',
    value: both(rss.idleFullScrollback, 'MiB'),
    target: `≤ 1.25 × bare + 10 MB = ${rssLimit.toFixed(1)} MiB`,
    met: rss.idleFullScrollback.sluice.median <= rssLimit,
  });
  rows.push({ measure: '  server RSS peak, floods', value: both(rss.peakFloods, 'MiB'), target: '', met: undefined });
  rows.push({
    measure: '  server RSS peak, with the second window',
    value: both(rss.peakWithSecondWindow, 'MiB'),
    target: '',
    met: undefined,
  });
  rows.push({
    measure: "  others' load on the machine during floods",
    value: `${formatSpread(figures.otherLoadCores.sluice, 2)} / ${formatSpread(figures.otherLoadCores.bare, 2)} cores`,
    target: 'caveat',
    met: undefined,
  });
  return rows;
}
