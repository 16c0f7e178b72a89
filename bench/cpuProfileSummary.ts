/**
 * Reduces a V8 CPU profile (`node --cpu-prof`, one file per thread) to where a thread's time went
 * within a window: self time per stage of the pipeline (PTY, WebSocket, JSON, mirror parse, GC…)
 * and the busiest functions. Times are CLOCK_MONOTONIC µs, as in the profile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface CpuProfileSummary {
  /** main, mirror worker, module loader (tsx's hooks thread) or worker. */
  readonly thread: string;
  readonly file: string;
  readonly windowMs: number;
  /** Time not idle. */
  readonly busyMs: number;
  readonly stagesMs: Record<string, number>;
  readonly topFunctions: ReadonlyArray<{ readonly name: string; readonly ms: number }>;
}

/** The functions listed per thread: enough to see the hot spots, few enough to read. */
const TOP_FUNCTIONS = 12;

const NATIVE_STAGES: Readonly<Record<string, string>> = {
  '(idle)': 'idle',
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 and Node (unattributed)',
  writev: 'socket writes (native)',
  writeBuffer: 'socket writes (native)',
  writeUtf8String: 'socket writes (native)',
  writeLatin1String: 'socket writes (native)',
  postMessage: 'worker messaging (postMessage)',
  stringify: 'JSON',
  parse: 'JSON',
};

/** The stage of the pipeline a frame belongs to, from its file. */
function stage(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') return NATIVE_STAGES[functionName] ?? 'other native';
  if (url.includes('node-pty') || url.includes('src/main/pty')) return 'PTY (node-pty, reader)';
  if (url.includes('/node_modules/ws/')) return 'ws (WebSocket framing)';
  if (url.includes('@xterm/headless')) return 'headless parse (mirror)';
  if (url.includes('src/main/broadcast') || url.includes('src/main/session')) return 'broadcaster and session';
  if (url.includes('src/main/mirror')) return 'mirror messaging';
  if (url.includes('src/main') || url.includes('src/shared') || url.includes('zod')) return 'protocol and connection';
  if (url.includes('node:internal/modules') || url.includes('/tsx/')) return 'module loading';
  if (url.includes('node:internal/worker') || url.includes('messageport')) return 'worker messaging (postMessage)';
  if (/node:(net|stream|internal\/stream|string_decoder|internal\/net|tty|buffer)/.test(url))
    return 'Node streams and sockets';
  if (url.startsWith('node:')) return 'Node internals';
  if (url.includes('bench/bare')) return 'bare server';
  return 'other';
}

function threadOf(file: string, profile: CpuProfile): string {
  // CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; thread 0 is the main thread.
  const thread = path.basename(file).split('.')[4];
  if (thread === '0') return 'main';
  const urls = profile.nodes.map((node) => node.callFrame.url);
  if (urls.some((url) => url.includes('@xterm/headless'))) return 'mirror worker';
  if (urls.some((url) => url.includes('node:internal/modules/esm/worker'))) return 'module loader (tsx hooks)';
  return 'worker';
}

export function cpuProfileSummary(file: string, window: { from: number; to: number }): CpuProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const stages: Record<string, number> = {};
  const functions = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const span = profile.timeDeltas[i + 1] ?? 0;
    if (at < window.from || at > window.to) continue;
    const node = nodes.get(profile.samples[i] ?? -1);
    if (!node) continue;
    const name = stage(node.callFrame);
    stages[name] = (stages[name] ?? 0) + span / 1000;
    const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + span / 1000);
  }
  const windowMs = (window.to - window.from) / 1000;
  return {
    thread: threadOf(file, profile),
    file: path.basename(file),
    windowMs,
    busyMs: Object.entries(stages).reduce((sum, [name, ms]) => (name === 'idle' ? sum : sum + ms), 0),
    stagesMs: Object.fromEntries(Object.entries(stages).sort((a, b) => b[1] - a[1])),
    topFunctions: [...functions]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_FUNCTIONS)
      .map(([name, ms]) => ({ name, ms })),
  };
}
