/**
 * A mirror worker: keeps one headless xterm.js per session it hosts and serializes it on demand.
 * Parsing runs here, off the service's event loop: the parser manages ~20–25 MiB/s, so on the
 * main thread a flood would stall every window's IPC for as long as it parses.
 */
import { parentPort } from 'node:worker_threads';
import serializeModule from '@xterm/addon-serialize';
import headlessModule from '@xterm/headless';
import type { FromMirror, ToMirror } from './mirrorMessages';

// Both packages are CommonJS; Node's ESM loader exposes them only as a default export.
const { Terminal } = headlessModule;
const { SerializeAddon } = serializeModule;

interface Mirror {
  readonly terminal: InstanceType<typeof Terminal>;
  readonly serializer: InstanceType<typeof SerializeAddon>;
}

const port = parentPort;
if (!port) throw new Error('mirrorWorker must run in a worker thread');

const mirrors = new Map<number, Mirror>();
const post = (message: FromMirror): void => port.postMessage(message);

function open(id: number, cols: number, rows: number, scrollback: number): void {
  const terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  const serializer = new SerializeAddon();
  terminal.loadAddon(serializer);
  terminal.onTitleChange((title) => post({ op: 'title', id, title }));
  mirrors.set(id, { terminal, serializer });
}

port.on('message', (message: ToMirror) => {
  const mirror = mirrors.get(message.id);
  switch (message.op) {
    case 'open':
      open(message.id, message.cols, message.rows, message.scrollback);
      return;
    case 'write':
      // xterm's write callback fires once this chunk is parsed into the buffer, in order.
      mirror?.terminal.write(message.data, () => post({ op: 'parsed', id: message.id }));
      return;
    case 'resize':
      mirror?.terminal.resize(message.cols, message.rows);
      return;
    case 'snapshot': {
      if (!mirror) return;
      // An empty write is queued behind every earlier write, so its callback sees them all parsed.
      mirror.terminal.write('', () => {
        post({
          op: 'snapshot',
          id: message.id,
          request: message.request,
          data: mirror.serializer.serialize(),
          cols: mirror.terminal.cols,
          rows: mirror.terminal.rows,
        });
      });
      return;
    }
    case 'close':
      mirror?.terminal.dispose();
      mirrors.delete(message.id);
      return;
  }
});
