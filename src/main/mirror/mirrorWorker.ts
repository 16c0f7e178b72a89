/**
 * A mirror worker: hosts the headless terminals of several sessions (mirrorTerminal.ts) and shares
 * its time between them fairly (mirrorScheduler.ts). Parsing runs here, off the service's event
 * loop: on the main thread a flood would stall every window's IPC for as long as it parses.
 */
import { readlinkSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { TitleOp } from '../titleTracker';
import type { FromMirror, ToMirror } from './mirrorMessages';
import { MirrorScheduler } from './mirrorScheduler';
import { MirrorTerminal } from './mirrorTerminal';

const port = parentPort;
if (!port) throw new Error('mirrorWorker must run in a worker thread');

/** The thread's name in `top -H`, `ps -L` and /proc (the kernel keeps 15 characters). */
const THREAD_NAME = 'sluice-mirror';

/**
 * Linux: names this thread, and lowers its scheduling priority by `nice` (a `nice` of 0 keeps it).
 * The mirror may lag behind a flood (its backlog has a budget of its own) and catch up when the CPU
 * is free, so on a busy machine the path to the screen — the service's main thread, the browser —
 * goes first. setpriority(2) with a thread id applies to that thread alone on Linux; lowering a
 * priority needs no privilege. Elsewhere, or if /proc is not there, nothing changes.
 */
function tuneThread(nice: number): void {
  if (process.platform !== 'linux') return;
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // no procfs: nothing to name or renice by
  }
  try {
    writeFileSync('/proc/thread-self/comm', THREAD_NAME);
    if (nice > 0) setPriority(tid, nice);
  } catch (error) {
    // Not worth a failed mirror: the thread runs unnamed, or at the normal priority.
    port?.postMessage({
      op: 'log',
      id: 0,
      message: `mirror thread left as it is: ${String(error)}`,
    } satisfies FromMirror);
  }
}

const options = (workerData ?? {}) as { readonly nice?: number };
tuneThread(options.nice ?? 0);

const terminals = new Map<number, MirrorTerminal>();
const post = (message: FromMirror): void => port.postMessage(message);

/**
 * What a terminal said during one slice of parsing, posted when the slice ends as at most one
 * message of each kind: the answers to its queries joined in order, its title changes (titles
 * set one after another collapse to the last; pushes and pops on the title stack stay), one bell. A
 * storm (100 000 titles in 1 MiB of output, a MiB of BEL, 20 000 DA1 queries) was otherwise as
 * many messages to the service's thread, and stalled every session's echo there for seconds
 * (tests/hostile: title-storm, bell-storm, query-storm). A title replaced within a slice (a few
 * ms) was never seen; bells within one are one ring (the service rings at most every 200 ms).
 */
interface SliceEvents {
  readonly replies: string[];
  readonly titles: TitleOp[];
  bell: boolean;
}

const said = new Map<number, SliceEvents>();

function events(id: number): SliceEvents {
  let pending = said.get(id);
  if (!pending) {
    pending = { replies: [], titles: [], bell: false };
    said.set(id, pending);
  }
  return pending;
}

function flush(id: number): void {
  const pending = said.get(id);
  if (!pending) return;
  said.delete(id);
  if (pending.replies.length > 0) post({ op: 'reply', id, data: pending.replies.join('') });
  if (pending.titles.length > 0) post({ op: 'titles', id, ops: pending.titles });
  if (pending.bell) post({ op: 'bell', id });
}

const scheduler = new MirrorScheduler({
  now: () => performance.now(),
  defer: (callback) => setImmediate(callback),
  parse: (id, data) => {
    terminals.get(id)?.write(data);
    flush(id);
  },
  parsed: (id, bytes) => post({ op: 'parsed', id, bytes }),
});

function open(message: Extract<ToMirror, { op: 'open' }>): void {
  const { id } = message;
  const terminal = new MirrorTerminal(message, {
    reply: (data) => {
      events(id).replies.push(data);
    },
    title: (title, restored) => {
      const { titles } = events(id);
      const last = titles.at(-1);
      // Titles set one after another: only the last is ever seen (a push or a pop in between is
      // kept, in order: the service's title stack needs them).
      if (!restored && last?.kind === 'set') titles[titles.length - 1] = { kind: 'set', title };
      else titles.push({ kind: restored ? 'restore' : 'set', title });
    },
    titlePush: () => {
      events(id).titles.push({ kind: 'push' });
    },
    bell: () => {
      events(id).bell = true;
    },
    cwd: (uri) => post({ op: 'cwd', id, uri }),
    log: (text) => post({ op: 'log', id, message: text }),
  });
  terminals.set(id, terminal);
  scheduler.add(id);
}

port.on('message', (message: ToMirror) => {
  switch (message.op) {
    case 'open':
      open(message);
      return;
    case 'write':
      scheduler.write(message.id, message.data, message.bytes);
      return;
    case 'resize': {
      const { id, cols, rows } = message;
      scheduler.action(id, () => {
        terminals.get(id)?.resize(cols, rows);
        flush(id);
      });
      return;
    }
    case 'cell':
      terminals.get(message.id)?.setCellSize(message.width, message.height);
      return;
    case 'snapshot': {
      const { id, request } = message;
      scheduler.action(id, () => {
        const terminal = terminals.get(id);
        if (terminal) post({ op: 'snapshot', id, request, ...terminal.snapshot() });
      });
      return;
    }
    case 'close':
      scheduler.remove(message.id);
      terminals.get(message.id)?.dispose();
      terminals.delete(message.id);
      said.delete(message.id);
      return;
    case 'theme':
      for (const terminal of terminals.values()) terminal.setTheme(message.theme);
      return;
    case 'scrollback':
      for (const terminal of terminals.values()) terminal.setScrollback(message.lines);
      return;
  }
});
