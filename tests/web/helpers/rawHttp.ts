/**
 * Plain HTTP requests with full control of the path and headers (a browser or `fetch` would
 * normalize `/../` away and refuse to set Host or Origin), to probe what the server refuses.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** For upgrades: the server switched protocols (the socket became a WebSocket). */
  readonly upgraded: boolean;
}

export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false });
    req.once('error', reject);
    req.once('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', upgraded: true });
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          upgraded: false,
        }),
      );
      res.once('error', reject);
    });
    req.end();
  });
}

/** A WebSocket handshake by hand, so a refusal's status and body can be read. */
export function rawUpgrade(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(port, path, {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    ...headers,
  });
}
