/**
 * A `ws` WebSocket as the service's `Endpoint` (web mode): one JSON text frame per protocol
 * message in each direction. Whatever arrives is handed to the connection, which validates it:
 * a frame that is not JSON, or a binary frame, is passed on as a value that fails the schema, so
 * the client gets the usual `invalid_message` error and the connection carries on.
 */
import { WebSocket, type RawData } from 'ws';
import { ProtocolLimits } from '../../shared/protocol';
import type { Endpoint } from '../transport/endpoint';
import { checkBudget, type BufferLimits } from './bufferBudget';
import { DEFAULT_WEB_LIMITS } from './webLimits';

/**
 * The largest frame a client may send. The biggest legitimate message is an `input` of
 * `maxInputLength` UTF-16 units, and JSON can spend up to 6 bytes on one unit (`\u001b` for a
 * control character or a lone surrogate; any other unit is at most 3 bytes of UTF-8), so the
 * bound is 6 MiB of data plus room for the envelope. `ws` closes the socket (1009) past it,
 * before buffering more, so a client cannot make the service hold an arbitrarily large frame.
 */
export const MAX_FRAME_BYTES = ProtocolLimits.maxInputLength * 6 + 64 * 1024;

/** 1008 "policy violation": the peer broke the rules (here: it stopped reading). */
const CLOSE_POLICY_VIOLATION = 1008;
/**
 * A socket closed for not reading gets a close frame, which it will see only if it reads again;
 * after this long it is cut, so that what it had queued is freed (`ws`'s own wait is 30 s).
 */
const STALLED_CLOSE_GRACE_MS = 1000;

/** The bytes a socket may have queued, and every open socket of the server (for the total). */
export interface SocketBudget {
  readonly limits: BufferLimits;
  readonly sockets: Iterable<WebSocket>;
}

const REASONS = {
  socket: 'not reading: over SLUICE_WEB_SOCKET_BUFFER_BYTES queued',
  total: 'not reading: sockets over SLUICE_WEB_BUFFERED_BYTES queued',
} as const;

function closeStalled(ws: WebSocket, reason: 'socket' | 'total', limits: BufferLimits): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const limit =
    reason === 'socket'
      ? `SLUICE_WEB_SOCKET_BUFFER_BYTES=${limits.socketBufferBytes}`
      : `SLUICE_WEB_BUFFERED_BYTES=${limits.bufferedBytes} in all`;
  console.warn(`sluice web: closed a socket that stopped reading (${ws.bufferedAmount} bytes queued; ${limit})`);
  ws.close(CLOSE_POLICY_VIOLATION, REASONS[reason]);
  const timer = setTimeout(() => ws.terminate(), STALLED_CLOSE_GRACE_MS);
  ws.once('close', () => clearTimeout(timer));
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** What the connection validates: the parsed message, or something that fails validation. */
function decodeFrame(data: RawData, isBinary: boolean): unknown {
  // A binary frame is refused, not decoded: the protocol is JSON text, and the raw bytes fail
  // the schema (they are no object with a `type`), so the client hears `invalid_message`.
  if (isBinary) return data;
  const text = frameText(data);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the text itself goes on, and fails the schema as "expected object, received string".
    return text;
  }
}

/**
 * `budget`: what this socket may queue, and its fellow sockets (for the total); by default the
 * default limits, with this socket alone.
 */
export function webSocketEndpoint(ws: WebSocket, budget?: SocketBudget): Endpoint {
  const limits = budget?.limits ?? DEFAULT_WEB_LIMITS;
  const sockets = budget?.sockets ?? [ws];
  // `ws` emits 'error' (a bad frame, a frame over maxPayload, a reset) just before 'close'; an
  // 'error' without a listener would crash the whole service. The 'close' that follows is what
  // ends the connection, so the error itself needs no handling here.
  ws.on('error', () => {});
  return {
    send: (message) => {
      // After close `ws` would count the bytes and drop them; before open it would throw. Only
      // an open socket is worth serializing for.
      if (ws.readyState !== WebSocket.OPEN) return;
      const verdict = checkBudget(ws, sockets, limits);
      if (verdict.close) {
        closeStalled(verdict.socket, verdict.reason, limits);
        if (verdict.socket === ws) return;
      }
      ws.send(JSON.stringify(message));
    },
    onMessage: (listener) => {
      ws.on('message', (data, isBinary) => listener(decodeFrame(data, isBinary)));
    },
    onClose: (listener) => {
      if (ws.readyState === WebSocket.CLOSED) queueMicrotask(listener);
      else ws.once('close', () => listener());
    },
    close: () => {
      // A no-op on a socket that is already closing or closed. The close handshake is bounded by
      // `ws`'s own timeout, after which it destroys the socket.
      ws.close();
    },
  };
}
