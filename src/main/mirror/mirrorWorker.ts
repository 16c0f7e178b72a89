/**
 * A mirror worker: hosts the headless terminals of several sessions (mirrorTerminal.ts) and shares
 * its time between them fairly (mirrorScheduler.ts). Parsing runs here, off the service's event
 * loop: on the main thread a flood would stall every window's IPC for as long as it parses.
 */
import { readlinkSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromMirror, ToMirror } from './mirrorMessages';
import { MirrorScheduler } from './mirrorScheduler';
import { MirrorTerminal } from './mirrorTerminal';
import { SliceEvents } from './sliceEvents';

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

/** What each terminal says while it parses, posted when its slice ends (sliceEvents.ts). */
const said = new SliceEvents();

function flush(id: number): void {
  for (const message of said.take(id)) post(message);
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
    reply: (data) => said.reply(id, data),
    title: (title, restored) => said.title(id, title, restored),
    titlePush: () => said.titlePush(id),
    bell: () => said.bell(id),
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
      said.forget(message.id);
      return;
    case 'theme':
      for (const terminal of terminals.values()) terminal.setTheme(message.theme);
      return;
    case 'scrollback':
      for (const terminal of terminals.values()) terminal.setScrollback(message.lines);
      return;
  }
});
