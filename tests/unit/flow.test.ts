import { describe, expect, it } from 'vitest';
import { nextLevel, type FlowThresholds } from '../../src/shared/flow';
import type { FlowLevel } from '../../src/shared/protocol';

const t: FlowThresholds = { yellowThreshold: 100, redThreshold: 400, yellowBytes: 1000, redBytes: 4000 };

describe('nextLevel', () => {
  const table: Array<[FlowLevel, number, number, FlowLevel]> = [
    // current, pending, pendingBytes, next
    ['green', 0, 0, 'green'],
    ['green', 99, 999, 'green'],
    ['green', 100, 0, 'yellow'],
    ['green', 0, 1000, 'yellow'],
    ['green', 400, 0, 'red'],
    ['green', 0, 4000, 'red'],
    ['yellow', 99, 0, 'yellow'], // below yellow but above its half: holds
    ['yellow', 50, 0, 'yellow'],
    ['yellow', 49, 499, 'green'],
    ['yellow', 49, 500, 'yellow'],
    ['red', 399, 0, 'red'], // holds until half of red
    ['red', 199, 0, 'yellow'],
    ['red', 10, 1999, 'yellow'],
    ['red', 0, 2000, 'red'], // bytes hold red down to half of red's too
    ['red', 10, 10, 'green'],
    ['yellow', 400, 0, 'red'],
  ];
  it.each(table)('%s with %i pending, %i bytes → %s', (current, pending, pendingBytes, next) => {
    expect(nextLevel(current, { pending, pendingBytes }, t)).toBe(next);
  });
});
