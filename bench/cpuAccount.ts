/**
 * CPU seconds of every process a browser-bench run involves, split the way the report needs them:
 * the server's main thread, Sluice's mirror worker thread, the server's other threads (V8's GC
 * helpers, libuv), the programs its PTYs run, and Chromium's browser, renderer, GPU, utility and
 * other processes. Take a snapshot before and after a run; `cpuSpent` is the difference. The bench
 * process itself (Playwright's driver) belongs to neither pipeline and is not counted.
 */
import { cmdline, descendants, procStat, schedTimes, threadCpu, type SchedTimes } from './procStats';

export const CPU_PARTS = [
  'server main thread',
  'mirror worker',
  'server other threads',
  'programs (shell, cat, seq)',
  'chromium browser',
  'chromium renderer',
  'chromium gpu',
  'chromium utility',
  'chromium other',
] as const;
export type CpuPart = (typeof CPU_PARTS)[number];

export interface CpuSubjects {
  readonly serverPid: number;
  /** Sluice's mirror worker (it reports its thread id); none on the bare side. */
  readonly mirrorTid?: number | undefined;
  /** Chromium's browser process. */
  readonly browserPid: number;
}

/** CPU seconds so far per process or thread, keyed so the same one can be found again. */
export type CpuSnapshot = ReadonlyMap<string, { readonly part: CpuPart; readonly seconds: number }>;

function chromiumPart(pid: number): CpuPart {
  // Chromium rewrites its child processes' command lines into one space-separated string.
  const type = cmdline(pid)
    .flatMap((arg) => arg.split(' '))
    .find((arg) => arg.startsWith('--type='));
  if (type === '--type=renderer') return 'chromium renderer';
  if (type === '--type=gpu-process') return 'chromium gpu';
  if (type === '--type=utility') return 'chromium utility';
  return 'chromium other';
}

export function cpuSnapshot(subjects: CpuSubjects): CpuSnapshot {
  const snapshot = new Map<string, { part: CpuPart; seconds: number }>();
  for (const [tid, seconds] of threadCpu(subjects.serverPid)) {
    const part: CpuPart =
      tid === subjects.serverPid
        ? 'server main thread'
        : tid === subjects.mirrorTid
          ? 'mirror worker'
          : 'server other threads';
    snapshot.set(`thread ${tid}`, { part, seconds });
  }
  // A program that ended is counted in its parent's (the shell's) child time once waited for.
  for (const stat of descendants(subjects.serverPid)) {
    snapshot.set(`process ${stat.pid}`, { part: 'programs (shell, cat, seq)', seconds: stat.cpu + stat.childCpu });
  }
  const browser = procStat(subjects.browserPid);
  if (browser) snapshot.set(`process ${browser.pid}`, { part: 'chromium browser', seconds: browser.cpu });
  for (const stat of descendants(subjects.browserPid)) {
    snapshot.set(`process ${stat.pid}`, { part: chromiumPart(stat.pid), seconds: stat.cpu });
  }
  return snapshot;
}

/** CPU seconds per part between two snapshots (a process born in between counts from zero). */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Record<CpuPart, number> {
  const spent = Object.fromEntries(CPU_PARTS.map((part) => [part, 0])) as Record<CpuPart, number>;
  for (const [key, { part, seconds }] of after) spent[part] += seconds - (before.get(key)?.seconds ?? 0);
  return spent;
}

/** Chromium's browser process among the bench's descendants: the one started without `--type=`. */
export function findChromiumBrowser(): number {
  const browser = descendants(process.pid).find((stat) => {
    const args = cmdline(stat.pid);
    return args.includes('--remote-debugging-pipe') && !args.some((arg) => arg.startsWith('--type='));
  });
  if (!browser) throw new Error("cannot find Chromium's browser process below the bench");
  return browser.pid;
}

/**
 * The scheduler's times of the main threads of Chromium's renderers below `browserPid`, summed:
 * the page's main thread is either running, waiting for a core, or idle. Other renderers of the
 * same browser (a spare one) are idle and add nothing worth counting.
 */
export function pageMainThreads(browserPid: number): SchedTimes {
  let onCpuMs = 0;
  let waitingMs = 0;
  for (const stat of descendants(browserPid)) {
    if (chromiumPart(stat.pid) !== 'chromium renderer') continue;
    const times = schedTimes(stat.pid, stat.pid);
    onCpuMs += times?.onCpuMs ?? 0;
    waitingMs += times?.waitingMs ?? 0;
  }
  return { onCpuMs, waitingMs };
}
