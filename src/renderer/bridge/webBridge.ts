/**
 * The renderer's host in web mode: the terminal service over a WebSocket to the server that
 * served this page (`npm run serve`). The token comes from the page URL the server printed, and
 * every new tab keeps it.
 */
import { SluiceClient } from '../../shared/client';
import type { SluiceHost } from './host';
import { WebSocketPort } from './webSocketPort';

/** Where the server accepts the socket (src/main/web/webServer.ts). */
const SOCKET_PATH = '/ws';

/** Connects to the service; rejects with a message a person can act on if it is refused. */
export async function connectWeb(): Promise<SluiceHost> {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    throw new Error('no token in the page URL: open the exact URL that `npm run serve` printed');
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}${SOCKET_PATH}?token=${encodeURIComponent(token)}`);
  const port = new WebSocketPort(socket);
  try {
    await port.opened;
  } catch (error) {
    throw new Error(
      'the Sluice server refused the connection or is not running: the token may be stale (the server ' +
        'prints a new one each start), or the page was opened under another address. ' +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const client = new SluiceClient(port);
  // The server went away: fail what is pending at once instead of leaving it hanging forever
  // (the port has already told the UI through an `error` event).
  port.onClose(() => client.close());

  return {
    kind: 'web',
    sluice: client,
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
  };
}
