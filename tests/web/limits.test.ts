/**
 * Web mode's resource limits against real sockets: slowloris connections are closed after the
 * header time-out, connections past the cap are dropped (and said so in the log), a socket whose
 * peer stops reading is closed before it holds more than its budget, and ten thousand malformed
 * messages leave the heap where it was. Each limit is set small here so the test is quick; the
 * defaults and why they are what they are: src/main/web/webLimits.ts, docs/reliability.md.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TerminalService } from '../../src/main/service';
import { startWebServer, type WebServer } from '../../src/main/web/webServer';
import type { WebLimits } from '../../src/main/web/webLimits';
import { SluiceClient } from '../../src/shared/client';
import { waitFor } from '../helpers/serviceHarness';
import { makeStaticFixture, type StaticFixture } from './helpers/fixtures';
import { openSocket, WsPort } from './helpers/wsPort';
import { handshake, textFrame } from './helpers/rawWebSocket';

let fixture: StaticFixture | undefined;
let service: TerminalService | undefined;
let server: WebServer | undefined;
const raw: Socket[] = [];

async function start(limits: Partial<WebLimits>): Promise<WebServer> {
  fixture = await makeStaticFixture();
  service = new TerminalService();
  server = await startWebServer({ service, staticDir: fixture.staticDir, limits });
  return server;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const socket of raw.splice(0)) socket.destroy();
  await server?.close();
  await service?.dispose();
  await fixture?.remove();
  server = undefined;
  service = undefined;
  fixture = undefined;
});

/** A raw TCP connection to the server, recorded for clean-up; resolves once connected. */
function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    raw.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent once it has closed the connection. */
function closedByServer(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    // A reset (the server destroyed it) is as closed as an orderly end.
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(received));
  });
}

/** Resolves once the connection is closed, without reading it (a 'data' listener would resume it). */
function closed(socket: Socket): Promise<void> {
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Acks the attacker sends every 5 ms: more than the messages a green subscription is sent (one per 5 ms). */
const ACKS_PER_TICK = 20;

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an asynchronous condition every 20 ms until it holds (the test's time-out bounds the wait). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await tick(20);
}

/** `gc()`, which vitest's worker is not started with: V8 hands it out on request. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('web limits: slow and idle connections', () => {
  it('closes slowloris connections after the header time-out, and keeps serving', async () => {
    // Node checks every headersTimeout / 4 here (webLimits.checkingIntervalMs).
    const { port, token } = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    const upgrade =
      `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n';
    const plain = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `;
    const connections = await Promise.all(Array.from({ length: 60 }, () => tcp(port)));
    const closed = connections.map(closedByServer);
    // A third sends plain request headers byte by byte, a third a handshake, a third nothing at all.
    let stop = false;
    const dribble = async (socket: Socket, text: string): Promise<void> => {
      for (let i = 0; !stop && !socket.destroyed; i++) {
        socket.write(text[i] ?? 'x');
        await tick(50);
      }
    };
    const writers = connections.map((socket, i) =>
      i % 3 === 0 ? dribble(socket, plain) : i % 3 === 1 ? dribble(socket, upgrade) : Promise.resolve(),
    );
    // Every one is closed by the server (the test's own time-out bounds the wait).
    const answers = await Promise.all(closed);
    stop = true;
    await Promise.all(writers);
    // Node answers a request it timed out with 408 when it can; a connection that sent nothing is just closed.
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);

    const socket = await openSocket(port, { token });
    const client = new SluiceClient(new WsPort(socket));
    expect(await client.list()).toEqual([]);
    client.close();
  });

  it('drops connections past the cap, says so once in the log, and accepts again when one closes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { port, token } = await start({ connections: 4 });
    const held = await Promise.all(Array.from({ length: 4 }, () => tcp(port)));
    const extra = await Promise.all(Array.from({ length: 3 }, () => tcp(port)));
    for (const answer of await Promise.all(extra.map(closedByServer))) expect(answer).toBe('');
    await waitFor(() => warn.mock.calls.length > 0, 'the log line');
    expect(warn.mock.calls.length).toBe(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /4 connections are open, the most allowed \(SLUICE_WEB_MAX_CONNECTIONS\)/,
    );

    // One goes; a page can connect again.
    const gone = closedByServer(held[0]!);
    held[0]!.destroy();
    await gone;
    let socket;
    // The server learns of the close on its own schedule: retry until it has (bounded by the test time-out).
    while (!socket) socket = await openSocket(port, { token }).catch(() => tick(20).then(() => undefined));
    const client = new SluiceClient(new WsPort(socket));
    expect(await client.list()).toEqual([]);
    client.close();
  });
});

describe('web limits: sockets that stop reading', () => {
  it('closes a socket over its own budget and frees its subscription, while another page carries on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { port, token } = await start({ socketBufferBytes: 2 * 1024 * 1024, bufferedBytes: 64 * 1024 * 1024 });
    const good = new SluiceClient(new WsPort(await openSocket(port, { token })));
    const { session } = await good.create({
      shell: '/bin/sh',
      args: ['-c', `read -r; exec yes ${'0123456789'.repeat(10)}`],
    });

    // The attacker: a page that attaches to a flood and acks blindly, one message at a time and
    // faster than output comes, so flow control never holds its output back, and never reads
    // its socket.
    const socket = await tcp(port);
    await handshake(socket, port, token);
    const gone = closed(socket);
    socket.write(textFrame(JSON.stringify({ type: 'attach', id: 1, session })));
    await until(async () => (await good.list())[0]?.subscribers === 1);
    good.write(session, 'go\r');
    const ack = textFrame(JSON.stringify({ type: 'ack', session, count: 1 }));
    const closedForNotReading = (): boolean =>
      warn.mock.calls.some(([line]) => /closed a socket that stopped reading/.test(String(line)));
    // Until the server gives up on it (the test's time-out bounds this).
    while (!closedForNotReading() && !socket.destroyed) {
      for (let i = 0; i < ACKS_PER_TICK; i++) socket.write(ack);
      await tick(5);
    }
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/bytes queued; SLUICE_WEB_SOCKET_BUFFER_BYTES=2097152\)/);
    // A paused socket learns of the close only when it reads again.
    socket.on('data', () => undefined);
    socket.resume();
    await gone;
    // Its subscription went with it; the good page is still answered.
    await until(async () => (await good.list())[0]?.subscribers === 0);
    good.close();
  });
});

describe('web limits: malformed messages', () => {
  it('after 10 000 malformed messages the heap returns near its baseline', async () => {
    const gc = exposedGc();
    const { port, token } = await start({});
    const socket = await openSocket(port, { token });
    let errors = 0;
    socket.on('message', () => errors++);
    // Every kind of refusal: not JSON, binary, an unknown type, a wrong field, an over-long
    // string, an unknown session; each is answered with an error and changes nothing.
    const malformed: Array<string | Buffer> = [
      '{"type": "list", "id": 1',
      Buffer.from('{"type":"list","id":2}'),
      JSON.stringify({ type: 'launch', id: 3 }),
      JSON.stringify({ type: 'input', session: 1, data: 5 }),
      JSON.stringify({ type: 'create', id: 4, shell: 'x'.repeat(5000) }),
      JSON.stringify({ type: 'kill', id: 5, session: 424242 }),
      JSON.stringify({ type: 'ack', session: 1, count: -1 }),
    ];
    const sendAll = async (count: number): Promise<void> => {
      const target = errors + count;
      for (let i = 0; i < count; i++) {
        const message = malformed[i % malformed.length]!;
        socket.send(message, { binary: Buffer.isBuffer(message) });
      }
      await waitFor(() => errors >= target, `${count} errors`);
    };
    // A first round warms up what is allocated once (compiled code, zod's caches).
    await sendAll(1000);
    gc();
    const baseline = process.memoryUsage();
    await sendAll(10_000);
    gc();
    const after = process.memoryUsage();
    const grewMiB = (after.heapUsed - baseline.heapUsed) / (1024 * 1024);
    // Were the messages or their answers kept, 10 000 of them would hold megabytes (the longest
    // is 5 KB). Near the baseline: within 2 MiB, the noise of the test runner's own allocations.
    expect(grewMiB).toBeLessThan(2);
    expect(errors).toBe(11_000);
    const client = new SluiceClient(new WsPort(socket));
    expect(await client.list()).toEqual([]);
    client.close();
  });
});
