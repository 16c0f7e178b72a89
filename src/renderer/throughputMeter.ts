/**
 * Bytes per second over the last second, from a ring of short buckets: adding is O(1) and a reading
 * costs nothing however fast the output comes. Time is passed in, so tests need no clock.
 */

/** Four buckets of 250 ms: the status bar reads ~4× a second, each reading one bucket newer. */
const BUCKET_MS = 250;
const BUCKETS = 4;

export class ThroughputMeter {
  readonly #bytes = new Array<number>(BUCKETS).fill(0);
  /** The bucket number (time / BUCKET_MS) that `#bytes[n % BUCKETS]` holds. */
  readonly #stamp = new Array<number>(BUCKETS).fill(-Infinity);

  add(bytes: number, now: number): void {
    const bucket = Math.floor(now / BUCKET_MS);
    const slot = bucket % BUCKETS;
    if (this.#stamp[slot] !== bucket) {
      this.#stamp[slot] = bucket;
      this.#bytes[slot] = 0;
    }
    this.#bytes[slot] = (this.#bytes[slot] ?? 0) + bytes;
  }

  /** Bytes seen in the last second (the current bucket and the three before it). */
  bytesPerSecond(now: number): number {
    const bucket = Math.floor(now / BUCKET_MS);
    let total = 0;
    for (let slot = 0; slot < BUCKETS; slot++) {
      const stamp = this.#stamp[slot] ?? -Infinity;
      if (stamp > bucket - BUCKETS && stamp <= bucket) total += this.#bytes[slot] ?? 0;
    }
    return total;
  }
}

/** UTF-8 length of a JS string without encoding it (a flood passes through here at MiB/s). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: 2 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export function formatRate(bytesPerSecond: number): string {
  if (bytesPerSecond < 1024) return `${bytesPerSecond} B/s`;
  if (bytesPerSecond < 1024 * 1024) return `${(bytesPerSecond / 1024).toFixed(1)} KiB/s`;
  return `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MiB/s`;
}
