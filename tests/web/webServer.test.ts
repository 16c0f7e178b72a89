/**
 * Web mode end to end: a real TerminalService with real PTYs behind the real server, probed with
 * real sockets — the `ws` client for the protocol, raw HTTP for what a browser would never send.
 */
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { TerminalService } from '../../src/main/service';
import { contentSecurityPolicy } from '../../src/main/web/securityHeaders';
import { startWebServer, type WebServer } from '../../src/main/web/webServer';
import { MAX_FRAME_BYTES } from '../../src/main/web/webSocketEndpoint';
import { SluiceClient } from '../../src/shared/client';
import {
  ASSET_JS,
  INDEX_HTML,
  makeStaticFixture,
  nextEvent,
  OutputLog,
  SECRET_MARKER,
  type StaticFixture,
} from './helpers/fixtures';
import { rawRequest, rawUpgrade } from './helpers/rawHttp';
import { openSocket, WsPort } from './helpers/wsPort';

let fixture: StaticFixture;
let service: TerminalService;
let server: WebServer;
/** Every socket the server handed to the service. */
let connects: number;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  fixture = await makeStaticFixture();
  service = new TerminalService();
  connects = 0;
  server = await startWebServer({
    service: {
      connect: (endpoint) => {
        connects++;
        return service.connect(endpoint);
      },
    },
    staticDir: fixture.staticDir,
  });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await server.close();
  await service.dispose();
  await fixture.remove();
});

async function connectClient(): Promise<{ client: SluiceClient; socket: WebSocket }> {
  const socket = await openSocket(server.port, { token: server.token });
  sockets.push(socket);
  return { client: new SluiceClient(new WsPort(socket)), socket };
}

function firstExternalIPv4(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('web server: listening', () => {
  it('listens on 127.0.0.1 only, and prints a URL with the token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await accepts('127.0.0.1', server.port)).toBe(true);
    const external = firstExternalIPv4();
    if (external !== undefined) expect(await accepts(external, server.port)).toBe(false);
  });

  it('refuses to bind anything but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await expect(startWebServer({ service, staticDir: fixture.staticDir, host })).rejects.toThrow(/loopback only/);
    }
  });

  it('refuses a guessable token', async () => {
    await expect(startWebServer({ service, staticDir: fixture.staticDir, token: 'short' })).rejects.toThrow(/token/);
  });
});

describe('web server: WebSocket gate', () => {
  const upgrade = (path: string, headers: Record<string, string> = {}) =>
    rawUpgrade(server.port, path, { Origin: `http://127.0.0.1:${server.port}`, ...headers });

  it('refuses a socket without a token or with a wrong one: 401, no connection', async () => {
    for (const path of ['/ws', '/ws?token=', `/ws?token=${server.token}x`, `/ws?token=wrong&token=${server.token}`]) {
      const response = await upgrade(path);
      expect(response.upgraded).toBe(false);
      expect(response.status).toBe(401);
      expect(response.body).toMatch(/^unauthorized: .*\n$/);
    }
    await expect(openSocket(server.port, { token: 'wrong' })).rejects.toThrow(/401/);
    expect(connects).toBe(0);
  });

  it('refuses a wrong or missing Origin: 403', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${server.port + 1}`,
      `https://127.0.0.1:${server.port}`,
      'null',
    ]) {
      const response = await upgrade(`/ws?token=${server.token}`, { Origin: origin });
      expect(response.status).toBe(403);
      expect(response.body).toMatch(/Origin/);
    }
    const noOrigin = await rawUpgrade(server.port, `/ws?token=${server.token}`);
    expect(noOrigin.status).toBe(403);
    expect(connects).toBe(0);
  });

  it('refuses a wrong Host (DNS rebinding): 403', async () => {
    const response = await upgrade(`/ws?token=${server.token}`, { Host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/Host/);
    await expect(openSocket(server.port, { token: server.token, host: `evil.example:${server.port}` })).rejects.toThrow(
      /403/,
    );
    expect(connects).toBe(0);
  });

  it('refuses an upgrade on any other path: 404', async () => {
    const response = await upgrade(`/socket?token=${server.token}`);
    expect(response.status).toBe(404);
    expect(connects).toBe(0);
  });

  it('accepts our own page under localhost as well as 127.0.0.1', async () => {
    const response = await upgrade(`/ws?token=${server.token}`, {
      Origin: `http://localhost:${server.port}`,
      Host: `localhost:${server.port}`,
    });
    expect(response.upgraded).toBe(true);
    expect(connects).toBe(1);
  });
});

describe('web server: the protocol over the socket', () => {
  it('runs a session end to end: create, attach, input, output, resize, kill, exit', async () => {
    const { client } = await connectClient();
    const { session } = await client.create({ shell: '/bin/sh', args: [], cols: 80, rows: 24, env: { PS1: '$ ' } });
    const log = new OutputLog(client, session);
    const snapshot = nextEvent(client, 'snapshot');
    expect(await client.attach(session)).toEqual({ session, cols: 80, rows: 24 });
    expect((await snapshot).session).toBe(session);

    client.write(session, 'echo hello-web\r');
    // The result line, not the echo of the typed command (which has "echo " before it).
    await log.waitFor(/\nhello-web\r?\n/);

    const size = nextEvent(client, 'size');
    client.resize(session, 100, 30);
    expect(await size).toEqual({ type: 'size', session, cols: 100, rows: 30 });
    client.write(session, 'stty size\r');
    await log.waitFor(/\n30 100\r?\n/);
    expect((await client.list()).find((info) => info.session === session)).toMatchObject({
      cols: 100,
      rows: 30,
      subscribers: 1,
    });

    const exit = nextEvent(client, 'exit');
    await client.kill(session);
    expect((await exit).session).toBe(session);
  });

  it('answers a frame that is not JSON, or is binary, with invalid_message and stays usable', async () => {
    const { client, socket } = await connectClient();
    const notJson = nextEvent(client, 'error');
    socket.send('{"type": "list", "id": 1');
    expect(await notJson).toMatchObject({ type: 'error', code: 'invalid_message' });

    const binary = nextEvent(client, 'error');
    socket.send(Buffer.from('{"type":"list","id":2}'), { binary: true });
    expect(await binary).toMatchObject({ type: 'error', code: 'invalid_message' });

    expect(await client.list()).toEqual([]);
  });

  it('closes a socket that sends a frame over the size limit, and the service carries on', async () => {
    const { socket } = await connectClient();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    const { client } = await connectClient();
    expect(await client.list()).toEqual([]);
  });

  it('accepts the largest input the protocol allows, even as JSON escapes', async () => {
    const { client } = await connectClient();
    const { session } = await client.create({ shell: '/bin/sh', args: ['-c', 'cat >/dev/null'] });
    // One maximal `input` message of control characters: 6 bytes of JSON each.
    client.write(session, '\u0001'.repeat(1 << 20));
    // A request after it is answered on the same connection: the big frame was accepted.
    expect((await client.list()).map((info) => info.session)).toEqual([session]);
    await client.kill(session, 'SIGKILL');
  });

  it('ends the connection when the socket closes, releasing its subscriptions', async () => {
    const first = await connectClient();
    const { session } = await first.client.create({ shell: '/bin/sh', args: [] });
    await first.client.attach(session);
    const closed = new Promise<void>((resolve) => first.socket.once('close', () => resolve()));
    first.client.close();
    await closed;
    const second = await connectClient();
    // The server learns of the close on its own schedule: ask until it has (the test timeout bounds it).
    while ((await second.client.list())[0]?.subscribers !== 0) await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('web server: static files', () => {
  it('serves index.html with the security headers', async () => {
    const response = await rawRequest(server.port, `/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe(INDEX_HTML);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = response.headers['content-security-policy'];
    expect(csp).toBe(contentSecurityPolicy([`127.0.0.1:${server.port}`, `localhost:${server.port}`]));
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/connect-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their type, and 404 for what is not there', async () => {
    const asset = await rawRequest(server.port, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe(ASSET_JS);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawRequest(server.port, '/assets/missing.js')).status).toBe(404);
    expect((await rawRequest(server.port, '/assets')).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/assets/../../package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/%00index.html',
    ]) {
      const response = await rawRequest(server.port, path);
      expect(response.status, path).toBe(400);
      expect(response.body).not.toContain(SECRET_MARKER);
    }
  });

  it('refuses any request under a foreign Host (DNS rebinding)', async () => {
    const response = await rawRequest(server.port, '/', { Host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('Sluice test page');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await rawRequest(server.port, '/', {}, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});
