/**
 * Draws a flood's flow timeline (flowTimeline.ts) as a hand-written SVG, about 900 px wide:
 * throughput (bytes read from the PTY and sent to the view, per 50 ms), the view's unacknowledged
 * bytes over its flow level, the mirror's backlog, and the PTY's pauses with their cause, on one
 * time axis. No dependency: the figure is a few hundred lines of markup.
 */
import type { FlowTimelineData } from './flowTimeline';
import type { FlowLevel } from '../src/shared/protocol';

const MiB = 1024 * 1024;
const KiB = 1024;
/** Throughput bins: 50 ms, three frames, fine enough to see a pause and coarse enough not to be noise. */
const BIN_MS = 50;
/** Readable at ~900 px wide, as issue 7 asks; a wider page scales it. */
const WIDTH = 900;
/** Room for the y-axis labels ("512 KiB") on the left, and a margin on the right. */
const LEFT = 72;
const RIGHT = 24;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
/** Panel placement, top to bottom (px). */
const THROUGHPUT = { top: 92, height: 130 };
const PENDING = { top: 270, height: 130 };
const MIRROR = { top: 448, height: 90 };
const PTY = { top: 574, height: 16 };
const AXIS_TOP = PTY.top + PTY.height + 8;
const HEIGHT = AXIS_TOP + 80;

const COLOURS = {
  read: '#1f6fb4',
  sent: '#e8790c',
  pending: '#222222',
  mirror: '#7b3fa0',
  view: '#c0392b',
  mirrorPause: '#7b3fa0',
  grid: '#dddddd',
  text: '#222222',
  muted: '#666666',
} as const;
const LEVEL_FILL: Record<FlowLevel, string> = { green: '#2ecc71', yellow: '#f1c40f', red: '#e74c3c' };

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${num(bytes / MiB)} MiB`;
  if (bytes >= KiB) return `${num(bytes / KiB)} KiB`;
  return `${num(bytes)} B`;
}

/** A 1, 2 or 5 × 10^n step that gives at most `count` intervals over `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${num(x)}" y="${num(y)}" ${attributes}>${escape(content)}</text>`;
}

interface Panel {
  readonly top: number;
  readonly height: number;
}

/** Sums of `[at, bytes]` per bin of BIN_MS, as MiB/s. */
function binRate(points: ReadonlyArray<readonly [number, number]>, durationMs: number): number[] {
  const bins = new Array<number>(Math.ceil(durationMs / BIN_MS)).fill(0);
  for (const [at, bytes] of points) {
    const i = Math.floor(at / BIN_MS);
    if (i >= 0 && i < bins.length) bins[i] = (bins[i] ?? 0) + bytes;
  }
  return bins.map((bytes) => bytes / MiB / (BIN_MS / 1000));
}

/** A step series (each value holds until the next) as its maximum per pixel column. */
function perPixelMax(points: ReadonlyArray<readonly [number, number]>, durationMs: number): number[] {
  const columns = new Array<number>(PLOT_WIDTH).fill(NaN);
  let last = 0;
  let next = 0;
  for (let column = 0; column < PLOT_WIDTH; column++) {
    const end = ((column + 1) / PLOT_WIDTH) * durationMs;
    let max = last;
    while (next < points.length && (points[next]?.[0] ?? Infinity) < end) {
      last = points[next]?.[1] ?? last;
      max = Math.max(max, last);
      next++;
    }
    columns[column] = max;
  }
  return columns;
}

/** A power-of-two byte step (…, 256 KiB, 512 KiB, 1 MiB, …) that gives at most `count` intervals. */
function bytesStep(max: number, count: number): number {
  let step = KiB;
  while (max / step > count) step *= 2;
  return step;
}

function yAxis(panel: Panel, max: number, label: (value: number) => string, step = niceStep(max, 4)): string {
  const parts: string[] = [];
  for (let value = 0; value <= max + 1e-9; value += step) {
    const y = panel.top + panel.height - (value / max) * panel.height;
    parts.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${num(y)}" y2="${num(y)}" stroke="${COLOURS.grid}"/>`);
    parts.push(text(LEFT - 6, y + 4, label(value), `text-anchor="end" font-size="11" fill="${COLOURS.muted}"`));
  }
  parts.push(
    `<rect x="${LEFT}" y="${panel.top}" width="${PLOT_WIDTH}" height="${panel.height}" fill="none" stroke="#999999"/>`,
  );
  return parts.join('\n');
}

function polyline(
  values: readonly number[],
  panel: Panel,
  max: number,
  xOf: (i: number) => number,
  colour: string,
): string {
  const points = values
    .map((value, i) => `${num(xOf(i))},${num(panel.top + panel.height - (Math.min(value, max) / max) * panel.height)}`)
    .join(' ');
  return `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.6" stroke-linejoin="round"/>`;
}

/** A step line for bins: each bin is flat over its width. */
function binSteps(
  values: readonly number[],
  panel: Panel,
  max: number,
  x: (ms: number) => number,
  colour: string,
): string {
  const stepped: number[] = [];
  const xs: number[] = [];
  values.forEach((value, i) => {
    stepped.push(value, value);
    xs.push(x(i * BIN_MS), x((i + 1) * BIN_MS));
  });
  return polyline(stepped, panel, max, (i) => xs[i] ?? 0, colour);
}

function threshold(panel: Panel, max: number, value: number, label: string, colour: string): string {
  if (value > max) return '';
  const y = panel.top + panel.height - (value / max) * panel.height;
  return [
    `<line x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${num(y)}" y2="${num(y)}" stroke="${colour}" stroke-dasharray="5 4"/>`,
    text(LEFT + PLOT_WIDTH - 4, y - 4, label, `text-anchor="end" font-size="11" fill="${colour}"`),
  ].join('\n');
}

function legend(
  x: number,
  y: number,
  entries: ReadonlyArray<{ colour: string; label: string; box?: boolean }>,
): string {
  const parts: string[] = [];
  let at = x;
  for (const entry of entries) {
    parts.push(
      entry.box
        ? `<rect x="${num(at)}" y="${num(y - 9)}" width="14" height="10" fill="${entry.colour}" fill-opacity="0.45"/>`
        : `<line x1="${num(at)}" x2="${num(at + 14)}" y1="${num(y - 4)}" y2="${num(y - 4)}" stroke="${entry.colour}" stroke-width="2.5"/>`,
    );
    parts.push(text(at + 19, y, entry.label, `font-size="12" fill="${COLOURS.text}"`));
    // Roughly 6.6 px per character at 12 px.
    at += 19 + entry.label.length * 6.6 + 18;
  }
  return parts.join('\n');
}

export function timelineSvg(data: FlowTimelineData): string {
  const { durationMs, flow } = data;
  const x = (ms: number): number => LEFT + (Math.max(0, Math.min(ms, durationMs)) / durationMs) * PLOT_WIDTH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(
      LEFT,
      26,
      `One flood through Sluice: ${data.flood}, into the real renderer in Chromium`,
      `font-size="16" font-weight="bold" fill="${COLOURS.text}"`,
    ),
    text(
      LEFT,
      46,
      `Last line on screen after ${num(data.onScreenMs / 1000)} s. Budgets: yellow at ${formatBytes(flow.yellowBytes)}, red at ${formatBytes(flow.redBytes)} unacknowledged; the mirror holds the PTY at ${formatBytes(data.mirrorBudgetBytes)} behind.`,
      `font-size="12" fill="${COLOURS.muted}"`,
    ),
  );

  // PTY pauses: shaded across every panel, and a bar per cause in their own row.
  for (const pause of data.pauses) {
    const from = x(pause.from);
    const width = Math.max(1, x(pause.to) - from);
    parts.push(
      `<rect x="${num(from)}" y="${THROUGHPUT.top}" width="${num(width)}" height="${PTY.top + PTY.height - THROUGHPUT.top}" fill="#000000" fill-opacity="0.06"/>`,
    );
    const colour = pause.cause === 'mirror' ? COLOURS.mirrorPause : COLOURS.view;
    parts.push(
      `<rect x="${num(from)}" y="${PTY.top}" width="${num(width)}" height="${PTY.height}" fill="${colour}" fill-opacity="0.8"/>`,
    );
  }

  // 1. Throughput.
  const read = binRate(data.reads, durationMs);
  const sent = binRate(data.sends, durationMs);
  const peakRate = Math.max(1, ...read, ...sent);
  const rateMax = Math.ceil(peakRate / niceStep(peakRate, 4)) * niceStep(peakRate, 4);
  parts.push(
    text(
      LEFT,
      THROUGHPUT.top - 10,
      'Throughput (MiB/s, per 50 ms)',
      `font-size="13" font-weight="bold" fill="${COLOURS.text}"`,
    ),
  );
  parts.push(
    legend(LEFT + 300, THROUGHPUT.top - 10, [
      { colour: COLOURS.read, label: 'read from the PTY' },
      { colour: COLOURS.sent, label: 'sent to the view' },
    ]),
  );
  parts.push(yAxis(THROUGHPUT, rateMax, (v) => num(v)));
  parts.push(binSteps(read, THROUGHPUT, rateMax, x, COLOURS.read));
  parts.push(binSteps(sent, THROUGHPUT, rateMax, x, COLOURS.sent));

  // 2. The view: unacknowledged bytes over its level.
  const levelEnd = (i: number): number => data.levels[i + 1]?.at ?? durationMs;
  data.levels.forEach((level, i) => {
    const from = x(level.at);
    parts.push(
      `<rect x="${num(from)}" y="${PENDING.top}" width="${num(Math.max(0, x(levelEnd(i)) - from))}" height="${PENDING.height}" fill="${LEVEL_FILL[level.level]}" fill-opacity="0.22"/>`,
    );
  });
  const pending = perPixelMax(data.pendingBytes, durationMs);
  const pendingMax = Math.max(flow.redBytes * 1.2, ...pending);
  parts.push(
    text(
      LEFT,
      PENDING.top - 10,
      'The view: bytes sent and not yet acknowledged',
      `font-size="13" font-weight="bold" fill="${COLOURS.text}"`,
    ),
  );
  parts.push(
    legend(LEFT + 400, PENDING.top - 10, [
      { colour: COLOURS.pending, label: 'unacked' },
      { colour: LEVEL_FILL.green, label: 'green', box: true },
      { colour: LEVEL_FILL.yellow, label: 'yellow', box: true },
      { colour: LEVEL_FILL.red, label: 'red', box: true },
    ]),
  );
  parts.push(yAxis(PENDING, pendingMax, formatBytes, bytesStep(pendingMax, 4)));
  parts.push(threshold(PENDING, pendingMax, flow.yellowBytes, 'yellow', '#b7950b'));
  parts.push(threshold(PENDING, pendingMax, flow.redBytes, 'red: the PTY pauses', '#c0392b'));
  parts.push(polyline(pending, PENDING, pendingMax, (i) => LEFT + i + 0.5, COLOURS.pending));

  // 3. The mirror's backlog.
  const lag = perPixelMax(data.mirrorLag, durationMs);
  // The scale follows what the mirror held; its budget is drawn only when the backlog came near it.
  const lagMax = Math.max(flow.redBytes * 1.2, ...lag);
  const budgetShown = data.mirrorBudgetBytes <= lagMax;
  parts.push(
    text(
      LEFT,
      MIRROR.top - 10,
      budgetShown
        ? 'The mirror: bytes not yet parsed'
        : `The mirror: bytes not yet parsed (its budget, ${formatBytes(data.mirrorBudgetBytes)}, is far above this scale)`,
      `font-size="13" font-weight="bold" fill="${COLOURS.text}"`,
    ),
  );
  parts.push(yAxis(MIRROR, lagMax, formatBytes, bytesStep(lagMax, 3)));
  if (budgetShown) {
    parts.push(threshold(MIRROR, lagMax, data.mirrorBudgetBytes, 'the PTY waits for the mirror', COLOURS.mirror));
  }
  parts.push(polyline(lag, MIRROR, lagMax, (i) => LEFT + i + 0.5, COLOURS.mirror));

  // 4. The PTY.
  parts.push(
    text(LEFT - 6, PTY.top + 12, 'PTY', `text-anchor="end" font-size="12" font-weight="bold" fill="${COLOURS.text}"`),
  );
  parts.push(
    `<rect x="${LEFT}" y="${PTY.top}" width="${PLOT_WIDTH}" height="${PTY.height}" fill="none" stroke="#999999"/>`,
  );

  // Time axis.
  const step = niceStep(durationMs / 1000, 10);
  for (let s = 0; s <= durationMs / 1000 + 1e-9; s += step) {
    const at = x(s * 1000);
    parts.push(`<line x1="${num(at)}" x2="${num(at)}" y1="${AXIS_TOP - 6}" y2="${AXIS_TOP}" stroke="#999999"/>`);
    parts.push(text(at, AXIS_TOP + 14, `${num(s)} s`, `text-anchor="middle" font-size="11" fill="${COLOURS.muted}"`));
  }
  parts.push(
    legend(LEFT, AXIS_TOP + 38, [
      { colour: COLOURS.view, label: 'PTY paused because a view went red', box: true },
      { colour: COLOURS.mirrorPause, label: 'PTY paused because the mirror fell behind', box: true },
    ]),
  );
  parts.push(
    text(
      LEFT,
      AXIS_TOP + 56,
      'Time from the Enter that starts the flood. A pause is coloured by the cause the service gave when it paused; the PTY resumes',
      `font-size="11" fill="${COLOURS.muted}"`,
    ),
  );
  parts.push(
    text(
      LEFT,
      AXIS_TOP + 71,
      'once every view is green again and the mirror is back within half its budget.',
      `font-size="11" fill="${COLOURS.muted}"`,
    ),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export interface TimelineSummary {
  readonly flood: string;
  readonly onScreenSeconds: number;
  readonly pauses: { readonly view: number; readonly mirror: number };
  /** Of the time to the last line on screen. */
  readonly pausedFraction: number;
  readonly levelChanges: number;
}

export function timelineSummary(data: FlowTimelineData): TimelineSummary {
  const paused = data.pauses.reduce(
    (sum, pause) => sum + Math.min(pause.to, data.onScreenMs) - Math.min(pause.from, data.onScreenMs),
    0,
  );
  return {
    flood: data.flood,
    onScreenSeconds: data.onScreenMs / 1000,
    pauses: {
      view: data.pauses.filter((pause) => pause.cause === 'view').length,
      mirror: data.pauses.filter((pause) => pause.cause === 'mirror').length,
    },
    pausedFraction: paused / data.onScreenMs,
    levelChanges: data.levels.length - 1,
  };
}
