/**
 * Keystroke echo through a server alone, from a Node WebSocket client: the part of the page's
 * "input sent → first output frame" that is the server, the PTY and the shell, without Chromium.
 * The same message shapes as the pages: Sluice's protocol through the real `SluiceClient`, the bare
 * server's `{type: 'input'}` frames.
 */
import { WebSocket } from 'ws';
import type { BenchServer } from './benchServers';
import { SluiceClient, type DomStylePort } from '../src/shared/client';

/** The shell's prompt before the first key: a fresh bash starts in well under this. */
const PROMPT_WAIT_MS = 2000;
/** A brisk typist's pause between keys (as pageDriver.ts), varied so keys fall at any phase. */
const gapMs = (i: number): number => 30 + ((i * 37) % 46);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A `ws` socket as the DOM-style port `SluiceClient` speaks over, one JSON frame per message. */
function wsPort(ws: WebSocket): DomStylePort {
  return {
    postMessage: (message) => ws.send(JSON.stringify(message)),
    addEventListener: (_type, listener) =>
      ws.on('message', (data: Buffer) => listener({ data: JSON.parse(data.toString('utf8')) as unknown })),
    start: () => {},
    close: () => ws.close(),
  };
}

async function open(url: string, origin: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { origin, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Echo round trips in ms, one key at a time: from `send` to the frame that carries it back. */
export async function serverEcho(server: Pick<BenchServer, 'side' | 'url'>, samples: number): Promise<number[]> {
  const page = new URL(server.url);
  const socketUrl = `ws://${page.host}/ws${server.side === 'sluice' ? `?token=${page.searchParams.get('token') ?? ''}` : ''}`;
  const ws = await open(socketUrl, page.origin);
  let waiting: { char: string; resolve: () => void } | undefined;
  let write: (data: string) => void;
  let close: () => void;
  if (server.side === 'sluice') {
    const client = new SluiceClient(wsPort(ws));
    // The size does not matter to an echo; the bench's usual 120×40.
    const { session } = await client.create({ cols: 120, rows: 40 });
    client.on('output', (event, done) => {
      if (waiting && event.data.includes(waiting.char)) waiting.resolve();
      done();
    });
    await client.attach(session);
    write = (data) => client.write(session, data);
    close = () => {
      void client.kill(session).finally(() => client.close());
    };
  } else {
    ws.on('message', (data: Buffer) => {
      if (waiting && data.toString('utf8').includes(waiting.char)) waiting.resolve();
    });
    write = (data) => ws.send(JSON.stringify({ type: 'input', data }));
    close = () => ws.close();
  }
  await sleep(PROMPT_WAIT_MS);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    // Letters bash echoes as they are; a line is cleared (Ctrl+U) every 20 so it never wraps.
    const char = String.fromCharCode(97 + (i % 26));
    const echoed = new Promise<void>((resolve) => (waiting = { char, resolve }));
    const start = performance.now();
    write(char);
    await echoed;
    latencies.push(performance.now() - start);
    waiting = undefined;
    if (i % 20 === 19) write('\x15');
    await sleep(gapMs(i));
  }
  close();
  return latencies;
}
