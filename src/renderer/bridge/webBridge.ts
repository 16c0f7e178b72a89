/**
 * The renderer's host in web mode: the terminal service over a WebSocket to the server that
 * served this page (`npm run serve`), and the settings over a second one (`/host`). The token comes
 * from the page URL the server printed, and every new tab keeps it.
 */
import { SluiceClient } from '../../shared/client';
import { Emitter } from '../../shared/event';
import type { ServerProbe, SluiceHost } from './host';
import { HOST_SOCKET_PATH, WebHostChannel } from './webHostChannel';
import { WebSocketPort } from './webSocketPort';

/** Where the server accepts the terminal socket (src/main/web/webServer.ts). */
const SOCKET_PATH = '/ws';

function socketUrl(path: string, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?token=${encodeURIComponent(token)}`;
}

/** Connects to the service; rejects with a message a person can act on if it is refused. */
export async function connectWeb(): Promise<SluiceHost> {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    throw new Error('no token in the page URL: open the exact URL that `npm run serve` printed');
  }
  const socket = new WebSocket(socketUrl(SOCKET_PATH, token));
  const port = new WebSocketPort(socket);
  const hostSocket = new WebSocket(socketUrl(HOST_SOCKET_PATH, token));
  const settings = new WebHostChannel(hostSocket);
  try {
    await Promise.all([port.opened, settings.ready]);
  } catch (error) {
    socket.close();
    hostSocket.close();
    throw new Error(
      'the Sluice server refused the connection or is not running: the token may be stale (start it ' +
        'again without --new-token to keep the old one), or the page was opened under another address. ' +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const client = new SluiceClient(port);
  const onDidDisconnect = new Emitter<void>();
  let disconnected = false;
  const lost = (): void => {
    if (disconnected) return;
    disconnected = true;
    // Fail what is pending at once instead of leaving it hanging forever.
    client.close();
    hostSocket.close();
    onDidDisconnect.fire();
  };
  port.onClose(lost);
  hostSocket.addEventListener('close', lost);

  return {
    kind: 'web',
    sluice: client,
    settings,
    onDidDisconnect: onDidDisconnect.event,
    probeServer: () => probe(token),
    openWindow: (options = {}) => {
      const url = new URL(location.href); // keeps ?token=
      url.hash = options.session === undefined ? '' : `attach=${options.session}`;
      // Our own page: noopener only cuts the `window.opener` link, which nothing here needs.
      window.open(url.href, '_blank', 'noopener');
    },
    openExternal: (url) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        console.warn('sluice: not opening an invalid URL', url);
        return;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        console.warn('sluice: only http and https links are opened, not', parsed.protocol);
        return;
      }
      // noreferrer too: the page URL holds the token, and must not reach the link's site.
      window.open(parsed.href, '_blank', 'noopener,noreferrer');
    },
    // A browser tab asks with `beforeunload` itself; nothing to tell a server.
    setWindowSessions: () => {},
  };
}

/**
 * Whether the server is back: it answers HTTP at all ('down' if not), and then whether it takes
 * this page's token on a socket ('refused' if not: browsers hide a handshake's status, so a socket
 * that closes unopened from a server that answers HTTP is the sign).
 */
async function probe(token: string): Promise<ServerProbe> {
  try {
    await fetch(`${location.origin}/`, { method: 'HEAD', cache: 'no-store' });
  } catch {
    return 'down';
  }
  return new Promise<ServerProbe>((resolve) => {
    const socket = new WebSocket(socketUrl(HOST_SOCKET_PATH, token));
    socket.addEventListener('open', () => {
      socket.close();
      resolve('back');
    });
    socket.addEventListener('close', () => resolve('refused'));
  });
}
