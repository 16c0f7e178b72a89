/**
 * The browser bench's probe, injected into Sluice's page and the bare page alike before their own
 * scripts run (Playwright `addInitScript`), so both are measured by the same code. See probeApi.ts.
 *
 * It wraps `WebSocket` (to see when the key's `input` leaves and when its echo arrives, before the
 * page's own listener runs), listens for keydown in the capture phase, and watches the terminal's
 * DOM rows with a MutationObserver: the DOM renderer rewrites a row's content when it paints it,
 * so the observer fires in the animation frame that shows the change, and there is no polling.
 * Everything is armed for one sample at a time and costs nothing between samples.
 */
import type { BenchProbe, EchoTimes, FloodTimes } from './probeApi';

interface Pending<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function pending<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** One output message carrying `char`: Sluice's `{"type":"output",…}` or the bare server's raw text. */
function carriesOutput(data: unknown, char: string): boolean {
  if (typeof data !== 'string') return false;
  if (data.startsWith('{')) {
    try {
      const message = JSON.parse(data) as { type?: unknown; data?: unknown };
      return message.type === 'output' && typeof message.data === 'string' && message.data.includes(char);
    } catch {
      // Raw output that happens to start with a brace: read it as text.
    }
  }
  return data.includes(char);
}

/** An `input` message carrying `char`, the same JSON shape on both sides. */
function carriesInput(data: unknown, char: string): boolean {
  if (typeof data !== 'string' || !data.startsWith('{')) return false;
  try {
    const message = JSON.parse(data) as { type?: unknown; data?: unknown };
    return message.type === 'input' && typeof message.data === 'string' && message.data.includes(char);
  } catch {
    return false;
  }
}

function rowElements(): HTMLCollection | null {
  return document.querySelector('.xterm-rows')?.children ?? null;
}

/** The DOM renderer draws spaces as no-break spaces. */
const rowText = (row: Element): string => (row.textContent ?? '').replace(/\u00a0/g, ' ');

function anyRow(test: (text: string) => boolean): boolean {
  const rows = rowElements();
  if (!rows) return false;
  for (const row of rows) if (test(rowText(row))) return true;
  return false;
}

/**
 * Calls `check` with the rows that changed, after every change of the terminal's rows, until it
 * returns true. Only changed rows are read, so the probe's own cost during a flood stays small.
 */
function watchRows(check: (changed: ReadonlySet<Element>) => boolean): void {
  const target = document.querySelector('.xterm-rows');
  if (!target) throw new Error('no .xterm-rows: the terminal is not on the DOM renderer');
  const observer = new MutationObserver((records) => {
    const changed = new Set<Element>();
    for (const record of records) {
      const node = record.target;
      const row =
        node instanceof Element ? node.closest('.xterm-rows > *') : node.parentElement?.closest('.xterm-rows > *');
      if (row) changed.add(row);
    }
    if (check(changed)) observer.disconnect();
  });
  observer.observe(target, { childList: true, subtree: true, characterData: true });
}

interface EchoState {
  readonly char: string;
  readonly shown: string;
  readonly done: Pending<EchoTimes>;
  keydownAt?: number;
  sentAt?: number;
  frameAt?: number;
}

interface FloodState {
  readonly lastLine: string;
  readonly done: Pending<FloodTimes>;
  keydownAt?: number;
  longestTaskMs: number;
  longTasks: number;
  longestFrameGapMs: number;
  frames: number;
  stopped: boolean;
}

/** The sample armed and not yet ended (the listeners look here). */
let echo: EchoState | undefined;
let flood: FloodState | undefined;
/** The last armed sample's result, still there once it has ended. */
let echoDone: Promise<EchoTimes> | undefined;
let floodDone: Promise<FloodTimes> | undefined;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

class ProbedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    // Registered before the page can add its own: this runs first for every frame.
    this.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (echo?.sentAt !== undefined && echo.frameAt === undefined && carriesOutput(event.data, echo.char)) {
        echo.frameAt = performance.now();
      }
    });
  }

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (echo?.keydownAt !== undefined && echo.sentAt === undefined && carriesInput(data, echo.char)) {
      echo.sentAt = performance.now();
    }
    super.send(data);
  }
}
window.WebSocket = ProbedWebSocket;

function startEcho(state: EchoState, event: KeyboardEvent): void {
  state.keydownAt = event.timeStamp;
  watchRows(() => {
    if (!anyRow((text) => text.includes(state.shown))) return false;
    const screenAt = performance.now();
    const { keydownAt, sentAt, frameAt } = state;
    echo = undefined;
    if (keydownAt === undefined || sentAt === undefined || frameAt === undefined) {
      // Shown without the probe seeing the frame: a broken sample, reported as NaN, not dropped silently.
      state.done.resolve({ keydownAt: keydownAt ?? NaN, sentAt: sentAt ?? NaN, frameAt: frameAt ?? NaN, screenAt });
    } else {
      state.done.resolve({ keydownAt, sentAt, frameAt, screenAt });
    }
    return true;
  });
}

function startFlood(state: FloodState, event: KeyboardEvent): void {
  state.keydownAt = event.timeStamp;
  const tasks = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks++;
      state.longestTaskMs = Math.max(state.longestTaskMs, entry.duration);
    }
  });
  tasks.observe({ type: 'longtask' });
  // While a flood runs the terminal paints every frame anyway, so this loop adds no frames.
  let last = performance.now();
  const frame = (now: number): void => {
    if (state.stopped) return;
    state.frames++;
    state.longestFrameGapMs = Math.max(state.longestFrameGapMs, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The DOM renderer draws spaces as no-break spaces: compare against the line as it draws it.
  const drawn = state.lastLine.replace(/ /g, '\u00a0');
  watchRows((changed) => {
    let found = false;
    for (const row of changed) {
      const text = row.textContent ?? '';
      if (text.startsWith(drawn) || text.startsWith(state.lastLine)) {
        if (rowText(row).trimEnd() === state.lastLine) found = true;
      }
    }
    if (!found) return false;
    const screenAt = performance.now();
    state.stopped = true;
    // Long tasks are reported after they end: take the ones still queued.
    for (const entry of tasks.takeRecords()) {
      state.longTasks++;
      state.longestTaskMs = Math.max(state.longestTaskMs, entry.duration);
    }
    tasks.disconnect();
    flood = undefined;
    state.done.resolve({
      keydownAt: state.keydownAt ?? NaN,
      screenAt,
      longestTaskMs: state.longestTaskMs,
      longTasks: state.longTasks,
      longestFrameGapMs: state.longestFrameGapMs,
      frames: state.frames,
    });
    return true;
  });
}

window.addEventListener(
  'keydown',
  (event) => {
    if (echo && echo.keydownAt === undefined && event.key === echo.char) startEcho(echo, event);
    if (flood && flood.keydownAt === undefined && event.key === 'Enter') startFlood(flood, event);
  },
  { capture: true },
);

const probe: BenchProbe = {
  armEcho(char, shown) {
    echo = { char, shown, done: pending() };
    echoDone = echo.done.promise;
  },
  echoResult(timeoutMs) {
    if (!echoDone) return Promise.reject(new Error('no echo armed'));
    return withTimeout(echoDone, timeoutMs, 'the echo');
  },
  armFlood(lastLine) {
    flood = {
      lastLine,
      done: pending(),
      longestTaskMs: 0,
      longTasks: 0,
      longestFrameGapMs: 0,
      frames: 0,
      stopped: false,
    };
    floodDone = flood.done.promise;
  },
  floodResult(timeoutMs) {
    if (!floodDone) return Promise.reject(new Error('no flood armed'));
    return withTimeout(floodDone, timeoutMs, 'the flood');
  },
  rows() {
    const rows = rowElements();
    return rows ? [...rows].map(rowText) : [];
  },
};
Object.defineProperty(window, '__benchProbe', { value: probe });
