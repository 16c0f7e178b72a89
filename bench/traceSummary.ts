/**
 * Reduces a Chromium performance trace (Playwright `browser.startTracing`) of the bench page to the
 * figures docs/performance.md quotes: for keystrokes, where each echo's time went on the page's
 * main thread (input handling, the round trip on the socket, the wait for a frame, the render);
 * for a flood, how busy the main thread was, on what (trace events by self time), and which
 * modules of the page's bundle its JavaScript time went to (V8's sampling profiler in the trace).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { percentile } from './stats';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: string;
  readonly args?: {
    readonly name?: string;
    readonly data?: {
      readonly type?: string;
      readonly frames?: ReadonlyArray<{
        readonly processId: number;
        readonly url: string;
        readonly isInPrimaryMainFrame?: boolean;
      }>;
      readonly startTime?: number;
      readonly cpuProfile?: {
        readonly nodes?: ReadonlyArray<{
          readonly id: number;
          readonly callFrame: { readonly functionName: string; readonly url?: string; readonly lineNumber?: number };
        }>;
        readonly samples?: readonly number[];
      };
      readonly timeDeltas?: readonly number[];
    };
  };
}

interface PageTrace {
  /** The page's renderer main thread (CrRendererMain), in time order. */
  readonly main: TraceEvent[];
  readonly all: TraceEvent[];
  readonly pid: number;
  readonly tid: number;
}

/** Where the bench's pages are built: a bundle URL's file is looked up here to name its modules. */
const BUNDLE_DIRS = ['out/renderer/assets', 'out/bench/bare/assets'];
/** Trace event names listed for a flood: enough to see where the main thread goes. */
const TOP_EVENTS = 12;

function loadTrace(file: string): PageTrace {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const all = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const started = all.find((event) => event.name === 'TracingStartedInBrowser');
  const frame =
    started?.args?.data?.frames?.find((candidate) => candidate.isInPrimaryMainFrame) ??
    started?.args?.data?.frames?.[0];
  if (!frame) throw new Error(`${file}: no page in the trace`);
  const thread = all.find(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      event.pid === frame.processId &&
      event.args?.name === 'CrRendererMain',
  );
  if (!thread) throw new Error(`${file}: no renderer main thread`);
  // Metadata events carry no time (ts 0): leave them out of the thread's timeline.
  const main = all
    .filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph !== 'M')
    .sort((a, b) => a.ts - b.ts);
  return { main, all, pid: thread.pid, tid: thread.tid };
}

const isKeydown = (event: TraceEvent): boolean =>
  event.name === 'EventDispatch' && event.args?.data?.type === 'keydown';
/** A main-thread frame (its flow events share the name, so only the complete event counts). */
const isMainFrame = (event: TraceEvent): boolean => event.name === 'ProxyMain::BeginMainFrame' && event.ph === 'X';
const ms = (micros: number): number => micros / 1000;

export interface EchoTrace {
  readonly echoes: number;
  /** Median over the traced echoes, ms, stage by stage from the keydown's dispatch. */
  readonly medianMs: {
    readonly keydownToSend: number;
    readonly sendToReceive: number;
    /** From the frame's arrival to the start of the animation frame that renders it. */
    readonly receiveToFrame: number;
    /** The animation frame's callbacks (xterm's render) and the rest of that frame on the main thread. */
    readonly frame: number;
  };
  /** Main-thread frames (BeginMainFrame) per second over the whole trace, typing included. */
  readonly mainFramesPerSecond: number;
  /** Fraction of the trace the main thread was running a task. */
  readonly mainBusyFraction: number;
}

/** Top-level X events of a thread (a task), to measure how busy it is. */
function topLevel(events: readonly TraceEvent[]): TraceEvent[] {
  const tops: TraceEvent[] = [];
  let end = -Infinity;
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    if (event.ts >= end) {
      tops.push(event);
      end = event.ts + event.dur;
    }
  }
  return tops;
}

export function echoTraceSummary(file: string): EchoTrace {
  const { main } = loadTrace(file);
  const stages = {
    keydownToSend: [] as number[],
    sendToReceive: [] as number[],
    receiveToFrame: [] as number[],
    frame: [] as number[],
  };
  const after = (ts: number, test: (event: TraceEvent) => boolean): TraceEvent | undefined =>
    main.find((event) => event.ts >= ts && test(event));
  for (const keydown of main.filter(isKeydown)) {
    const send = after(keydown.ts, (event) => event.name === 'WebSocketSend');
    const receive = send && after(send.ts, (event) => event.name === 'WebSocketReceive');
    const fire = receive && after(receive.ts, (event) => event.name === 'FireAnimationFrame' && event.ph === 'X');
    const beginFrame = fire && main.findLast((event) => isMainFrame(event) && event.ts <= fire.ts);
    if (!send || !receive || !fire || !beginFrame) continue;
    stages.keydownToSend.push(ms(send.ts - keydown.ts));
    stages.sendToReceive.push(ms(receive.ts - send.ts));
    stages.receiveToFrame.push(ms(beginFrame.ts - receive.ts));
    stages.frame.push(ms(beginFrame.ts + (beginFrame.dur ?? 0) - beginFrame.ts));
  }
  const first = main[0]?.ts ?? 0;
  const last = main.at(-1)?.ts ?? first;
  const seconds = (last - first) / 1e6;
  const busy = topLevel(main).reduce((sum, event) => sum + (event.dur ?? 0), 0);
  return {
    echoes: stages.frame.length,
    medianMs: {
      keydownToSend: percentile(stages.keydownToSend, 50),
      sendToReceive: percentile(stages.sendToReceive, 50),
      receiveToFrame: percentile(stages.receiveToFrame, 50),
      frame: percentile(stages.frame, 50),
    },
    mainFramesPerSecond: main.filter(isMainFrame).length / seconds,
    mainBusyFraction: busy / (last - first),
  };
}

export interface FloodTrace {
  /** From the Enter's keydown to the end of the trace (the prompt after the flood), ms. */
  readonly windowMs: number;
  readonly mainBusyFraction: number;
  readonly mainFramesPerSecond: number;
  /** Main-thread frames (BeginMainFrame) in the window. */
  readonly mainFrames: number;
  /**
   * xterm.js's write turns: timer tasks of the page over `WRITE_TURN_MIN_MS` (the app's own
   * timers take far less). xterm parses until its 12 ms budget is spent or its buffer is empty, so
   * a turn shorter than the budget ran out of output, and a frame follows with less parsed.
   */
  readonly writeTurns: { readonly count: number; readonly medianMs: number; readonly dryShare: number };
  /** Trace events by self time on the main thread, ms. */
  readonly topEventsMs: Record<string, number>;
  /** JavaScript self time by module of the page's bundle (V8's sampler), ms; GC and idle too. */
  readonly scriptModulesMs: Record<string, number>;
  /** The longest main-thread tasks: what scheduled them, and the parts that took the time. */
  readonly longestTasks: ReadonlyArray<{
    readonly ms: number;
    readonly source: string;
    readonly partsMs: Record<string, number>;
  }>;
}

/** Tasks listed per flood: the worst few say what the stalls are made of. */
const LONGEST_TASKS = 3;
/** The parts of a task worth naming: script in an animation frame or a timer, style, layout, paint. */
const TASK_PARTS: Readonly<Record<string, string>> = {
  FireAnimationFrame: 'animation-frame script (xterm render)',
  TimerFire: 'timer script (xterm write/parse)',
  'Receive mojo message': 'WebSocket message handling',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
  Commit: 'commit',
};

function longestTasks(events: readonly TraceEvent[]): FloodTrace['longestTasks'] {
  const tops = topLevel(events)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, LONGEST_TASKS);
  return tops.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const inside = events.filter((event) => event !== task && event.ts >= task.ts && event.ts < end);
    const runner = inside.find((event) => event.name === 'ThreadControllerImpl::RunTask');
    const source = (runner?.args as { src_func?: string } | undefined)?.src_func ?? task.name;
    const parts: Record<string, number> = {};
    for (const event of inside) {
      const part = TASK_PARTS[event.name];
      if (part && event.ph === 'X') parts[part] = (parts[part] ?? 0) + ms(event.dur ?? 0);
    }
    return { ms: ms(task.dur ?? 0), source, partsMs: parts };
  });
}

/** Self time of each X event: its duration minus its children's, on one thread. */
function selfTimes(events: readonly TraceEvent[], from: number, to: number): Map<string, number> {
  const self = new Map<string, number>();
  const stack: Array<{ event: TraceEvent; end: number; children: number }> = [];
  const close = (until: number): void => {
    while (stack.length > 0 && (stack.at(-1)?.end ?? Infinity) <= until) {
      const done = stack.pop();
      if (!done) break;
      const own = (done.event.dur ?? 0) - done.children;
      self.set(done.event.name, (self.get(done.event.name) ?? 0) + own);
      const parent = stack.at(-1);
      if (parent) parent.children += done.event.dur ?? 0;
    }
  };
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined || event.ts < from || event.ts > to) continue;
    close(event.ts);
    stack.push({ event, end: event.ts + event.dur, children: 0 });
  }
  close(Infinity);
  return self;
}

/** Line number → module, from the `// node_modules/…` and `// src/…` comments the bundler leaves. */
function moduleMap(url: string): ((line: number) => string) | undefined {
  const base = path.basename(new URL(url, 'http://x/').pathname);
  const file = BUNDLE_DIRS.map((dir) => path.join(dir, base)).find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  const starts: Array<{ line: number; module: string }> = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const found = /^\/\/ ((?:node_modules|src|bench)\/\S+)$/.exec(text);
      if (found?.[1]) starts.push({ line, module: found[1].replace(/^node_modules\//, '') });
    });
  return (line) => {
    let module = '(bundle prelude)';
    for (const start of starts) {
      if (start.line > line) break;
      module = start.module;
    }
    return module;
  };
}

function scriptModules(trace: PageTrace, from: number, to: number): Record<string, number> {
  const byModule = new Map<string, number>();
  const maps = new Map<string, ((line: number) => string) | undefined>();
  const nodes = new Map<number, { functionName: string; url?: string; lineNumber?: number }>();
  let time = 0;
  for (const event of trace.all) {
    if (event.pid !== trace.pid || event.ph !== 'P') continue;
    const data = event.args?.data;
    if (event.name === 'Profile' && data?.startTime !== undefined) {
      time = data.startTime;
      continue;
    }
    if (event.name !== 'ProfileChunk' || !data) continue;
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node.callFrame);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    samples.forEach((id, i) => {
      time += deltas[i] ?? 0;
      const span = deltas[i + 1] ?? 0;
      if (time < from || time > to) return;
      const frame = nodes.get(id);
      if (!frame) return;
      // Blink's own functions (DOM APIs, layout called from script) come without a URL.
      const url = frame.url ?? '';
      let module = frame.functionName.startsWith('(')
        ? frame.functionName
        : url === ''
          ? '(native: DOM, built-ins)'
          : url;
      if (url !== '') {
        if (!maps.has(url)) maps.set(url, moduleMap(url));
        module = maps.get(url)?.(frame.lineNumber ?? 0) ?? module;
      }
      byModule.set(module, (byModule.get(module) ?? 0) + span);
    });
  }
  return Object.fromEntries([...byModule].sort((a, b) => b[1] - a[1]).map(([module, micros]) => [module, ms(micros)]));
}

/** A timer task at least this long is xterm's write turn (see `FloodTrace.writeTurns`). */
const WRITE_TURN_MIN_MS = 1;
/** xterm.js's parse budget per write turn (WRITE_TIMEOUT_MS in its WriteBuffer). */
const XTERM_WRITE_BUDGET_MS = 12;

function writeTurns(events: readonly TraceEvent[]): FloodTrace['writeTurns'] {
  const turns = events
    .filter((event) => event.name === 'TimerFire' && event.ph === 'X' && ms(event.dur ?? 0) >= WRITE_TURN_MIN_MS)
    .map((event) => ms(event.dur ?? 0));
  const dry = turns.filter((turn) => turn < XTERM_WRITE_BUDGET_MS).length;
  return {
    count: turns.length,
    medianMs: percentile(turns, 50),
    dryShare: turns.length === 0 ? NaN : dry / turns.length,
  };
}

export function floodTraceSummary(file: string): FloodTrace {
  const trace = loadTrace(file);
  const { main } = trace;
  const enter = main.filter(isKeydown).at(-1);
  const from = enter?.ts ?? main[0]?.ts ?? 0;
  const to = main.at(-1)?.ts ?? from;
  const inWindow = main.filter((event) => event.ts >= from && event.ts <= to);
  const busy = topLevel(inWindow).reduce((sum, event) => sum + (event.dur ?? 0), 0);
  const self = selfTimes(inWindow, from, to);
  const mainFrames = inWindow.filter(isMainFrame).length;
  return {
    windowMs: ms(to - from),
    mainBusyFraction: busy / (to - from),
    mainFramesPerSecond: mainFrames / ((to - from) / 1e6),
    mainFrames,
    writeTurns: writeTurns(inWindow),
    topEventsMs: Object.fromEntries(
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP_EVENTS)
        .map(([name, micros]) => [name, ms(micros)]),
    ),
    scriptModulesMs: scriptModules(trace, from, to),
    longestTasks: longestTasks(inWindow),
  };
}
