/**
 * The acknowledgements of one subscribed session, on the client side. A chunk counts as processed
 * once the application says so (a renderer: from xterm's write callback, when it is parsed), and
 * the count goes back to the service:
 *
 * - every `threshold` processed messages (the seed's 100: ack traffic is ~1% of output traffic);
 * - also once `ACK_CHARS` of processed output is unacknowledged, whatever the message count;
 * - and whenever everything received is processed ("caught up"), gathered over one microtask so a
 *   burst of write callbacks sends one ack — a client that keeps up is never left yellow or red
 *   for want of an ack that would only come with the next hundred messages.
 *
 * A threshold of 0 turns all of this off: the application acks by hand.
 */

/**
 * In a flood the service sends 64 KiB messages, so 100 of them (the message threshold) would be 6 MB
 * — far past the red budget (1 MiB): the PTY would pause and the window would ack only when it had
 * drained everything, a stop-and-go that leaves the renderer idle half the time. Acking every
 * 64 KiB keeps acks below the service's lowest resume point (half of 256 KiB), so the PTY resumes
 * while the window still has work queued.
 */
export const ACK_CHARS = 64 * 1024;

export class SessionAcks {
  readonly #send: (count: number) => void;
  readonly #threshold: () => number;
  #received = 0;
  #processed = 0;
  #acked = 0;
  /** Characters of the processed messages not yet acknowledged. */
  #unackedChars = 0;
  /** A caught-up ack is queued for the end of this task. */
  #flushQueued = false;
  #stopped = false;

  /** `send(count)` posts an ack; `threshold()` is the client's current setting (0: manual). */
  constructor(send: (count: number) => void, threshold: () => number) {
    this.#send = send;
    this.#threshold = threshold;
  }

  /** Messages received and not yet acknowledged (processed or not). */
  get unacknowledged(): number {
    return this.#received - this.#acked;
  }

  /** An output message arrived. */
  received(): void {
    this.#received++;
  }

  /** A message of `chars` UTF-16 units has been processed by every listener. */
  processed(chars: number): void {
    if (this.#stopped) return;
    this.#processed++;
    this.#unackedChars += chars;
    this.check();
  }

  /** The application acked `count` by hand: it owns that count now. */
  acknowledged(count: number): void {
    this.#acked += count;
    this.#unackedChars = 0;
  }

  /** Acks what the policy says is due (also after the threshold changed). */
  check(): void {
    const threshold = this.#threshold();
    if (threshold === 0 || this.#stopped) return;
    const unacked = this.#processed - this.#acked;
    if (unacked <= 0) return;
    if (unacked >= threshold || this.#unackedChars >= ACK_CHARS) {
      this.#ack(unacked);
    } else if (this.#processed === this.#received && !this.#flushQueued) {
      this.#flushQueued = true;
      void Promise.resolve().then(() => {
        this.#flushQueued = false;
        const rest = this.#processed - this.#acked;
        if (rest > 0 && !this.#stopped && this.#threshold() !== 0) this.#ack(rest);
      });
    }
  }

  /** The subscription is gone (detached, or the client closed): no more acks. */
  stop(): void {
    this.#stopped = true;
  }

  #ack(count: number): void {
    this.#acked += count;
    this.#unackedChars = 0;
    this.#send(count);
  }
}
