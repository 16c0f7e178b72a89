import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRate, ThroughputMeter, utf8Length } from '../../../src/renderer/throughputMeter';

describe('ThroughputMeter', () => {
  it('counts the bytes of the last second and forgets older ones', () => {
    const meter = new ThroughputMeter();
    meter.add(100, 0);
    meter.add(200, 300);
    meter.add(300, 900);
    expect(meter.bytesPerSecond(900)).toBe(600);
    expect(meter.bytesPerSecond(1100)).toBe(500); // the first bucket (0–250 ms) has aged out
    expect(meter.bytesPerSecond(2500)).toBe(0);
  });
});

describe('utf8Length', () => {
  it('equals the encoded length for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0 B/s'],
    [1023, '1023 B/s'],
    [1536, '1.5 KiB/s'],
    [3 * 1024 * 1024, '3.0 MiB/s'],
  ])('%i → %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});
