/**
 * What the kernel says about the bench's processes, from /proc (Linux only): CPU time per process
 * and per thread, RSS and its peak, and the process tree (to find Chromium's processes and the
 * programs a server's PTYs run). Read before and after a run; the difference is the run's cost.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of the times in /proc/<pid>/stat (USER_HZ, 100 on Linux PCs, but asked). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  /** User + system CPU seconds of the process itself (all its threads). */
  readonly cpu: number;
  /** CPU seconds of its children that have ended and been waited for. */
  readonly childCpu: number;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The process or thread ended between listing and reading: it simply is not there any more.
    return undefined;
  }
}

/** Parses /proc/…/stat; `comm` may hold spaces and parentheses, so fields count from the last `)`. */
function parseStat(pid: number, text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // After comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  const field = (i: number): number => Number(fields[i]);
  return {
    pid,
    ppid: field(1),
    comm: text.slice(open + 1, close),
    cpu: (field(11) + field(12)) / TICKS_PER_SECOND,
    childCpu: (field(13) + field(14)) / TICKS_PER_SECOND,
  };
}

export function procStat(pid: number): ProcStat | undefined {
  const text = readText(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseStat(pid, text);
}

/** A thread's time on a CPU and waiting for one (runnable, not running), ms, from /proc/…/schedstat. */
export interface SchedTimes {
  readonly onCpuMs: number;
  readonly waitingMs: number;
}

/** The scheduler's times of thread `tid` of `pid` (nanoseconds in /proc), or undefined once it is gone. */
export function schedTimes(pid: number, tid: number): SchedTimes | undefined {
  const text = readText(`/proc/${pid}/task/${tid}/schedstat`);
  if (text === undefined) return undefined;
  const [onCpu, waiting] = text.trim().split(' ').map(Number);
  return { onCpuMs: (onCpu ?? NaN) / 1e6, waitingMs: (waiting ?? NaN) / 1e6 };
}

/** CPU seconds of each thread of `pid`, by thread id. */
export function threadCpu(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const text = readText(`/proc/${pid}/task/${tid}/stat`);
    if (text !== undefined) threads.set(Number(tid), parseStat(Number(tid), text).cpu);
  }
  return threads;
}

/** Every process below `root` (not `root` itself). */
export function descendants(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) all.push(stat);
  }
  const below = new Set([root]);
  const found: ProcStat[] = [];
  // Parents have lower pids except after pid wrap-around; repeat until nothing new is found.
  for (let grew = true; grew;) {
    grew = false;
    for (const stat of all) {
      if (!below.has(stat.pid) && below.has(stat.ppid)) {
        below.add(stat.pid);
        found.push(stat);
        grew = true;
      }
    }
  }
  return found;
}

export function cmdline(pid: number): string[] {
  return (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').filter((arg) => arg !== '');
}

export interface Memory {
  readonly rssBytes: number;
  /** The peak RSS of the process's life so far (VmHWM). */
  readonly peakBytes: number;
}

export function memory(pid: number): Memory | undefined {
  const text = readText(`/proc/${pid}/status`);
  if (text === undefined) return undefined;
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakBytes: kib('VmHWM') };
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat), to see others' load. */
export function machineBusyCpu(): number {
  const line = (readText('/proc/stat') ?? '').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}
