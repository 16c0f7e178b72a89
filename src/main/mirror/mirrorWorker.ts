/**
 * A mirror worker: hosts the headless terminals of several sessions (mirrorTerminal.ts) and shares
 * its time between them fairly (mirrorScheduler.ts). Parsing runs here, off the service's event
 * loop: on the main thread a flood would stall every window's IPC for as long as it parses.
 */
import { parentPort } from 'node:worker_threads';
import type { FromMirror, ToMirror } from './mirrorMessages';
import { MirrorScheduler } from './mirrorScheduler';
import { MirrorTerminal } from './mirrorTerminal';

const port = parentPort;
if (!port) throw new Error('mirrorWorker must run in a worker thread');

const terminals = new Map<number, MirrorTerminal>();
const post = (message: FromMirror): void => port.postMessage(message);

const scheduler = new MirrorScheduler({
  now: () => performance.now(),
  defer: (callback) => setImmediate(callback),
  parse: (id, data) => terminals.get(id)?.write(data),
  parsed: (id, bytes) => post({ op: 'parsed', id, bytes }),
});

function open(message: Extract<ToMirror, { op: 'open' }>): void {
  const { id } = message;
  const terminal = new MirrorTerminal(message, {
    reply: (data) => post({ op: 'reply', id, data }),
    title: (title) => post({ op: 'title', id, title }),
    bell: () => post({ op: 'bell', id }),
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
      scheduler.action(id, () => terminals.get(id)?.resize(cols, rows));
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
      return;
    case 'theme':
      for (const terminal of terminals.values()) terminal.setTheme(message.theme);
      return;
    case 'scrollback':
      for (const terminal of terminals.values()) terminal.setScrollback(message.lines);
      return;
  }
});
