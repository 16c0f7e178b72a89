/**
 * A Node-style port over a `ws` client socket, so the real `SluiceClient` talks to web mode from a
 * test exactly as the browser's does: one JSON text frame per message.
 */
import { WebSocket } from 'ws';
import type { NodeStylePort } from '../../../src/shared/client';

export class WsPort implements NodeStylePort {
  constructor(readonly socket: WebSocket) {}

  postMessage(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  on(_type: 'message', listener: (data: unknown) => void): this {
    this.socket.on('message', (data, isBinary) => {
      listener(isBinary ? data : (JSON.parse(String(data)) as unknown));
    });
    return this;
  }

  close(): void {
    this.socket.close();
  }
}

export interface SocketOptions {
  readonly token?: string;
  readonly origin?: string;
  readonly host?: string;
}

/** Opens a socket to the server at `port` with our own Origin and Host unless told otherwise. */
export function openSocket(port: number, options: SocketOptions): Promise<WebSocket> {
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  const headers: Record<string, string> = {};
  if (options.host !== undefined) headers.Host = options.host;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, {
    origin: options.origin ?? `http://127.0.0.1:${port}`,
    headers,
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
