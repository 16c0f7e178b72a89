/**
 * The bare pipeline's server: the smallest honest web terminal, the reference of the browser bench.
 * node-pty's own `spawn`, each `onData` sent straight over a `ws` WebSocket as one text frame, and
 * each frame from the page written straight back (input) or applied (resize). No mirror, no flow
 * control, no batching, no protocol beyond that. Loopback only. Serves the bare page it is given
 * (bench/bare/pageBuild.ts builds it).
 *
 * Prints one line, `bare: http://127.0.0.1:PORT/`, once it listens; SIGTERM kills its PTYs and exits.
 *
 *   node --import tsx bench/bare/server.ts --static DIR
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import pty from 'node-pty';
import { WebSocketServer } from 'ws';
import { parseBareInput } from './bareMessages';

/** The kinds of file a Vite build of the page emits. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** Until the page says otherwise: the PTY's size before the first resize. */
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

const { values } = parseArgs({ options: { static: { type: 'string' } }, strict: true });
if (values.static === undefined) throw new Error('usage: server.ts --static DIR');
const root = values.static;

/** Every file of the built page, read once: nothing else can ever be served. */
function readPage(dir: string, files = new Map<string, { type: string; body: Buffer }>()): typeof files {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) readPage(file, files);
    else
      files.set(`/${relative(root, file)}`, {
        type: TYPES[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
  }
  return files;
}
const page = readPage(root);

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const file = page.get(path === '/' ? '/index.html' : path);
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': file.type }).end(file.body);
});

const terminals = new Set<pty.IPty>();
// perMessageDeflate off, as web mode has it: compressing a flood would cost CPU for nothing on loopback.
const sockets = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
sockets.on('connection', (ws) => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const term = pty.spawn(process.env['SHELL'] ?? '/bin/bash', [], {
    name: 'xterm-256color',
    cols: DEFAULT_COLS,
    rows: DEFAULT_ROWS,
    cwd: process.env['HOME'] ?? '/',
    env: { ...env, TERM: 'xterm-256color', COLORTERM: 'truecolor' },
  });
  terminals.add(term);
  term.onData((data) => {
    if (ws.readyState === ws.OPEN) ws.send(data);
  });
  term.onExit(() => {
    terminals.delete(term);
    ws.close();
  });
  ws.on('message', (data) => {
    const message = parseBareInput(data.toString());
    if (message?.type === 'input') term.write(message.data);
    else if (message?.type === 'resize') term.resize(message.cols, message.rows);
  });
  ws.on('close', () => {
    if (terminals.delete(term)) term.kill();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare: http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});

process.on('SIGTERM', () => {
  for (const term of terminals) term.kill('SIGKILL');
  // process.exit, not a signal death: `node --cpu-prof` writes its profile on exit.
  process.exit(0);
});
