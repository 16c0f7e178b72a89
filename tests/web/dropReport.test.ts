/**
 * The log of connections dropped at the connection limit (src/main/web/webLimits.ts DropReport),
 * on vitest's fake timers: the first drop is said at once, the rest are counted and said once per
 * interval, and a quiet interval says nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DROP_LOG_INTERVAL_MS, DropReport } from '../../src/main/web/webLimits';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DropReport', () => {
  it('says the first drop at once and counts the rest, one line per interval', () => {
    const lines: string[] = [];
    const report = new DropReport(4, (line) => lines.push(line));
    report.dropped();
    expect(lines).toEqual([
      'sluice web: 4 connections are open, the most allowed (SLUICE_WEB_MAX_CONNECTIONS); dropping new ones',
    ]);
    for (let i = 0; i < 999; i++) report.dropped();
    vi.advanceTimersByTime(DROP_LOG_INTERVAL_MS - 1);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines[1]).toBe(
      'sluice web: dropped 999 more connections in 10 s at the limit of 4 (SLUICE_WEB_MAX_CONNECTIONS)',
    );
    report.dropped();
    vi.advanceTimersByTime(DROP_LOG_INTERVAL_MS);
    expect(lines[2]).toBe(
      'sluice web: dropped 1 more connection in 10 s at the limit of 4 (SLUICE_WEB_MAX_CONNECTIONS)',
    );
    // A quiet interval: nothing to say, and the next drop is said at once again.
    vi.advanceTimersByTime(DROP_LOG_INTERVAL_MS);
    expect(lines).toHaveLength(3);
    report.dropped();
    expect(lines).toHaveLength(4);
    report.dispose();
  });
});
