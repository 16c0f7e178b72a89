/**
 * Web mode's server: the built renderer over HTTP and the terminal service over a WebSocket at
 * `/ws`, on loopback only.
 *
 * The gate is the WebSocket, not the page. Static files (index.html included) are served to any
 * request that names us in `Host`, without the token: they are the same public code as the
 * repository, hold no secret, and cannot be read cross-origin (no CORS headers, CORP same-origin).
 * Gating index.html alone would add nothing, since its scripts and styles must load without the
 * token anyway (the browser does not pass the page's query on). The socket is what hands out a
 * shell, so it demands everything: the path, our `Host`, our `Origin`, and the token.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { realpath } from 'node:fs/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TerminalService } from '../service';
import { securityHeaders } from './securityHeaders';
import { resolveStatic, sendFile } from './staticFiles';
import {
  allowedHosts,
  checkToken,
  hostAllowed,
  loopbackAddress,
  newToken,
  originAllowed,
  sameSecret,
} from './webAccess';
import { checkingIntervalMs, DEFAULT_WEB_LIMITS, DropReport, type WebLimits } from './webLimits';
import { MAX_FRAME_BYTES, webSocketEndpoint } from './webSocketEndpoint';

export interface WebServerOptions {
  /** What each accepted socket is connected to; only `connect` is used. */
  readonly service: Pick<TerminalService, 'connect'>;
  /** The built renderer (default `out/renderer`, relative to the working directory). */
  readonly staticDir?: string;
  /** A loopback address or `localhost` (default 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default: 32 random bytes, base64url. */
  readonly token?: string;
  /**
   * Serves `HOST_SOCKET_PATH` behind the same gate as the terminal socket: settings and the
   * page's colour scheme (src/main/web/hostSocket.ts). Without it that path is refused (404).
   */
  readonly hostSocket?: (ws: WebSocket) => void;
  /** Connections, queued bytes and time-outs (default: `DEFAULT_WEB_LIMITS`). */
  readonly limits?: Partial<WebLimits>;
}

export interface WebServer {
  /** The page to open, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops listening and closes every socket (the service itself is the caller's to dispose). */
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_STATIC_DIR = 'out/renderer';
export const SOCKET_PATH = '/ws';
/** The host socket: settings for the page, as Electron's preload gives them to a window. */
export const HOST_SOCKET_PATH = '/host';
/** 1001 "going away": the server is shutting down; the page can say so instead of "error". */
const CLOSE_GOING_AWAY = 1001;
/** How long a closing socket may take to answer the close frame before it is cut. */
const CLOSE_GRACE_MS = 1000;
/** Ends a refused upgrade with a plain HTTP answer: the socket never becomes a WebSocket. */
function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function plain(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${reason}\n`);
}

function splitUrl(url: string | undefined): { path: string; query: URLSearchParams } {
  const raw = url ?? '/';
  const mark = raw.indexOf('?');
  return mark < 0
    ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, mark), query: new URLSearchParams(raw.slice(mark + 1)) };
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const address = loopbackAddress(options.host ?? DEFAULT_HOST);
  const token = options.token === undefined ? newToken() : checkToken(options.token);
  const root = await realpath(options.staticDir ?? DEFAULT_STATIC_DIR);
  // Known once listening (the port may be chosen by the system); no request arrives before.
  let hosts: ReadonlySet<string> = new Set();
  let headers: Readonly<Record<string, string>> = {};

  const limits: WebLimits = { ...DEFAULT_WEB_LIMITS, ...options.limits };
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Loopback bandwidth is free, CPU is not: deflating a flood would cost the service's core.
    perMessageDeflate: false,
  });
  const budget = { limits, sockets: sockets.clients };

  const server = createServer({ connectionsCheckingInterval: checkingIntervalMs(limits) }, (request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    handleRequest(request, response).catch((error: unknown) => {
      // A bug of ours, not the client's: answer 500 rather than leave the request hanging.
      console.error('sluice web: request failed:', error);
      if (!response.headersSent) plain(response, 500, 'internal error');
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a foreign page whose name now resolves to 127.0.0.1 still sends its own Host.
    if (!hostAllowed(request.headers.host, hosts)) return plain(response, 403, 'forbidden: unexpected Host header');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'method not allowed');
    }
    const found = await resolveStatic(root, splitUrl(request.url).path);
    if (found.status !== 200)
      return plain(response, found.status, found.status === 400 ? 'bad request: path not allowed' : 'not found');
    sendFile(request, response, found.file, found.size);
  }

  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.connections;
  const drops = new DropReport(limits.connections);
  server.on('drop', () => drops.dropped());

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets mid-refusal must not raise an unhandled 'error'; the socket is done either way.
    socket.on('error', () => socket.destroy());
    // Whatever happens below ends in an open WebSocket or a sent refusal; a socket still between
    // the two after this long is stuck, and goes.
    const stuck = setTimeout(() => socket.destroy(), limits.upgradeTimeoutMs);
    socket.once('close', () => clearTimeout(stuck));
    const { path, query } = splitUrl(request.url);
    const hostSocket = path === HOST_SOCKET_PATH ? options.hostSocket : undefined;
    if (path !== SOCKET_PATH && !hostSocket) return refuseUpgrade(socket, 404, 'not found: the WebSocket is at /ws');
    if (!hostAllowed(request.headers.host, hosts))
      return refuseUpgrade(socket, 403, 'forbidden: unexpected Host header');
    if (!originAllowed(request.headers.origin, hosts))
      return refuseUpgrade(socket, 403, 'forbidden: unexpected Origin');
    const given = query.getAll('token');
    if (given.length !== 1 || !sameSecret(given[0] ?? '', token)) {
      return refuseUpgrade(socket, 401, 'unauthorized: missing or wrong token');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      clearTimeout(stuck);
      if (hostSocket) return hostSocket(ws);
      try {
        options.service.connect(webSocketEndpoint(ws, budget));
      } catch {
        // The service is shutting down (disposed while this handshake completed): say so and
        // close, rather than let the throw escape into the HTTP server and take the process down.
        ws.close(CLOSE_GOING_AWAY, 'service shutting down');
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(address, port);
  headers = securityHeaders(hosts);
  const origin = `http://${[...hosts][0] ?? ''}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold `server.close` open.
      server.closeIdleConnections();
      await Promise.all([...sockets.clients].map(closeSocket));
      server.closeAllConnections();
      sockets.close();
      drops.dispose();
      await stopped;
    })();
    return closing;
  };

  return { url: `${origin}/?token=${token}`, port, token, close };
}

/** Says goodbye with 1001, and cuts the socket if the peer does not answer in time. */
function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => clearTimeout(timer));
    ws.close(CLOSE_GOING_AWAY, 'server shutting down');
  });
}
