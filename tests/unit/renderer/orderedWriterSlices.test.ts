/**
 * OrderedWriter hands xterm long writes in slices (src/renderer/orderedWriter.ts MAX_WRITE_SLICE),
 * so that xterm can yield between them: every unit arrives once, in order, a surrogate pair is
 * never split, and `done` runs once, after the last slice is parsed.
 */
import { describe, expect, it } from 'vitest';
import { MAX_WRITE_SLICE, OrderedWriter } from '../../../src/renderer/orderedWriter';

class RecordingTarget {
  readonly writes: string[] = [];
  readonly callbacks: Array<() => void> = [];

  write(data: string, callback?: () => void): void {
    this.writes.push(data);
    if (callback) this.callbacks.push(callback);
  }
}

describe('OrderedWriter slices', () => {
  it.each([
    ['shorter than a slice', 10],
    ['exactly one slice', MAX_WRITE_SLICE],
    ['one unit over', MAX_WRITE_SLICE + 1],
    ['several slices and a bit', 3 * MAX_WRITE_SLICE + 7],
  ])('%s: every unit once, in order, one callback after the last slice', (_what, length) => {
    const target = new RecordingTarget();
    const writer = new OrderedWriter(target);
    const data = Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    let done = 0;
    writer.write(data, () => done++);
    expect(target.writes.join('')).toBe(data);
    expect(target.writes.every((slice) => slice.length <= MAX_WRITE_SLICE)).toBe(true);
    expect(target.writes).toHaveLength(Math.max(1, Math.ceil(length / MAX_WRITE_SLICE)));
    expect(target.callbacks).toHaveLength(1);
    expect(writer.pending).toBe(1);
    target.callbacks[0]?.();
    expect(done).toBe(1);
    expect(writer.pending).toBe(0);
  });

  it('never splits a surrogate pair', () => {
    const target = new RecordingTarget();
    const writer = new OrderedWriter(target);
    const data = 'x' + '\u{1F600}'.repeat(MAX_WRITE_SLICE); // a pair straddles every slice boundary
    writer.write(data);
    expect(target.writes.join('')).toBe(data);
    for (const slice of target.writes) {
      expect(/[\uD800-\uDBFF]$/.test(slice), 'a slice ends in a high surrogate').toBe(false);
      expect(/^[\uDC00-\uDFFF]/.test(slice), 'a slice starts with a low surrogate').toBe(false);
    }
  });
});
