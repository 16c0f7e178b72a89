/**
 * The bytes web mode holds for sockets whose peers stopped reading. Flow control bounds the output
 * a page that reads and acks can have in flight; it does not bound what piles up for a page that
 * stopped reading its socket while it still sends (acks it never earned, requests whose answers,
 * snapshots and lists, are not flow-controlled). This decides, before each send, whether a socket
 * must be closed instead: one over its own budget, or the one holding the most when all of them
 * together are over the total budget.
 *
 * Pure logic over `bufferedAmount`, so tests give it plain objects.
 */

export interface Buffered {
  /** Bytes queued and not yet taken by the kernel (`ws`'s `bufferedAmount`). */
  readonly bufferedAmount: number;
}

export interface BufferLimits {
  readonly socketBufferBytes: number;
  readonly bufferedBytes: number;
}

export type BudgetVerdict<S> =
  { readonly close: false } | { readonly close: true; readonly socket: S; readonly reason: 'socket' | 'total' };

/**
 * Below this many bytes queued a socket is keeping up (one red budget of output, the default
 * `SLUICE_FLOW_RED_BYTES`), and its sends skip the walk over every socket that the total needs
 * (or below a quarter of the socket's own budget, when that is smaller). So the total can
 * overshoot by at most this much per open socket: with the default 128 connections, 128 MiB at
 * the very worst, and never without a socket that stopped reading.
 */
export const KEEPING_UP_BYTES = 1024 * 1024;
/** The share of its own budget below which a socket counts as keeping up, if that is less. */
const KEEPING_UP_SHARE = 0.25;

export function checkBudget<S extends Buffered>(
  socket: S,
  sockets: Iterable<S>,
  limits: BufferLimits,
): BudgetVerdict<S> {
  if (socket.bufferedAmount > limits.socketBufferBytes) return { close: true, socket, reason: 'socket' };
  if (socket.bufferedAmount < Math.min(KEEPING_UP_BYTES, limits.socketBufferBytes * KEEPING_UP_SHARE)) {
    return { close: false };
  }
  let total = 0;
  let largest = socket;
  for (const other of sockets) {
    total += other.bufferedAmount;
    if (other.bufferedAmount > largest.bufferedAmount) largest = other;
  }
  return total > limits.bufferedBytes ? { close: true, socket: largest, reason: 'total' } : { close: false };
}
