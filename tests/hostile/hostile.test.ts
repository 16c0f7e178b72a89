/**
 * Hostile output is harmless (issue 9, point 1): for every case of the corpus, a real service with
 * real PTYs keeps serving another session while one session prints the case, and its memory stays
 * bounded. The bounds are generous, for a shared two-core machine, yet each is far below what the
 * issue found before (an 86 s stall, an attach that never finished, 8.7 GB):
 *
 * - the other session's keystroke echo always comes back within `ECHO_BOUND_MS`;
 * - a second window always attaches to the other session within `ATTACH_BOUND_MS` (its snapshot
 *   comes from the mirror worker the hostile session shares);
 * - the hostile session itself is done (exited, and its mirror caught up) within `DONE_BOUND_MS`;
 * - the process's resident memory grows by less than `RSS_GROWTH_BOUND_MIB` while it runs.
 *
 * The figures behind the bounds (before and after the guards) are in docs/reliability.md, from
 * `npm run bench -- hostile`, which runs the same cases through the same code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalService } from '../../src/main/service';
import { HOSTILE_CASES } from './corpus';
import { runHostileCase } from './hostileRun';

/** A person notices a keystroke that takes a second; five is a stall no one would accept. */
const ECHO_BOUND_MS = 5_000;
/**
 * Opening a second window on a session must not wait on another session's output. Ten seconds
 * is past the worst seen here after the guards (3.5 s, the REP storm, on a loaded machine), and
 * far below "never", which is what a single CSI 2^31−1 S gave before them.
 */
const ATTACH_BOUND_MS = 10_000;
/** Every case ends: before the guards, the count cases took hours of CPU. */
const DONE_BOUND_MS = 90_000;
/**
 * Resident memory the run may add: twice the largest growth seen after the guards (~80 MiB, the
 * bell storm), and a thirtieth of the 8.7 GB one REP took before its cap.
 */
const RSS_GROWTH_BOUND_MIB = 256;

let service: TerminalService | undefined;
afterEach(async () => {
  await service?.dispose();
  service = undefined;
});

describe('hostile output: another session is served, memory stays bounded', () => {
  it.each(HOSTILE_CASES.map((entry) => [entry.name, entry] as const))(
    '%s',
    async (_name, entry) => {
      service = new TerminalService();
      const result = await runHostileCase(service, entry, { timeoutMs: DONE_BOUND_MS });
      const figures = JSON.stringify(result);
      expect(result.timedOut, figures).toBe(false);
      expect(result.echo.samples, figures).toBeGreaterThan(0);
      expect(result.echo.maxMs, figures).toBeLessThan(ECHO_BOUND_MS);
      expect(result.attach.samples, figures).toBeGreaterThan(0);
      expect(result.attach.maxMs, figures).toBeLessThan(ATTACH_BOUND_MS);
      expect(result.rssPeakMiB - result.rssBeforeMiB, figures).toBeLessThan(RSS_GROWTH_BOUND_MIB);
    },
    DONE_BOUND_MS + 30_000,
  );
});
