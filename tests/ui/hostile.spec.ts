/**
 * Hostile output in the real renderer (issue 9, point 1): each case of the corpus
 * (tests/hostile/corpus.ts) is printed in a visible tab through web mode, and the page must stay
 * responsive: its main thread never stalls for long, and the shell is back, and takes a command,
 * when the case is over.
 *
 * "Responsive" is measured two ways in the page: the longest task Chromium reports
 * (PerformanceObserver 'longtask', every task over 50 ms), and the longest gap between two runs of
 * a 10 ms timer (what a user feels as a frozen window, whatever the cause). The bound is
 * `MAX_STALL_MS`; why that value, below.
 */
import type { Page } from '@playwright/test';
import { HOSTILE_CASES, hostileFile } from '../hostile/corpus';
import { expect, expectLine, openApp, run, test } from './fixtures/sluice';

/** Page-side records (this project compiles without the DOM library, hence the loose types). */
interface ProbeGlobals {
  __hostileProbe?: { maxGapMs: number; maxTaskMs: number };
  PerformanceObserver: new (callback: (list: { getEntries(): Array<{ duration: number }> }) => void) => {
    observe(options: object): void;
  };
}

/**
 * The longest the page may be unresponsive while a case is printed. xterm.js parses in slices of
 * ~12 ms and yields, so ordinary floods stay far below it (tests/ui/flood.spec.ts bounds them at
 * 1 s). A hostile case may cost one slice much more (a screen of 65 535 repeats, a row redrawn
 * with thousands of marks), so the bound is looser: two seconds is long enough for one bad slice
 * on a busy two-core machine, and far short of the freezes these cases caused without the guards
 * (a single `CSI 2147483647 S` kept xterm.js busy for about two hours).
 */
const MAX_STALL_MS = 2000;
/** The case, its reset and the next prompt, on a busy machine: room, not a bound on responsiveness. */
const CASE_TIMEOUT_MS = 120_000;
/**
 * Cases the browser prints only the start of: the DOM renderer draws random junk (a font fallback
 * for every other glyph) at 45–150 KiB/s on this two-core machine, so all 7 MiB took up to three
 * minutes without a single stall over 1.5 s. The first MiB holds every kind of junk the seven do.
 */
const BROWSER_PREFIX_BYTES: Readonly<Record<string, number>> = { 'random-bytes': 1024 * 1024 };

async function startProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    const probe = { maxGapMs: 0, maxTaskMs: 0 };
    g.__hostileProbe = probe;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      probe.maxGapMs = Math.max(probe.maxGapMs, now - last);
      last = now;
    }, 10);
    new g.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.maxTaskMs = Math.max(probe.maxTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  });
}

function probe(page: Page): Promise<{ maxGapMs: number; maxTaskMs: number }> {
  return page.evaluate(
    () => (globalThis as unknown as ProbeGlobals).__hostileProbe ?? { maxGapMs: Infinity, maxTaskMs: Infinity },
  );
}

for (const entry of HOSTILE_CASES) {
  test(`hostile output in a tab: ${entry.name}`, async ({ page, appUrl }, testInfo) => {
    test.setTimeout(CASE_TIMEOUT_MS + 60_000);
    const file = hostileFile(entry);
    await openApp(page, appUrl);
    await startProbe(page);
    // After the case: CAN ends any string it left open (an unterminated OSC or APC swallows what
    // follows), RIS resets whatever state it left, and what the terminal answered to queries
    // (the query storm types 20 000 answers into the tty, as any terminal would) is read and
    // dropped until a second passes without any (VMIN 0, VTIME 10: cat ends on a second of
    // silence). Then the shell shows it is back, on a line of its own (answers echoed before the
    // drain may have left the cursor mid-line).
    const drain = 'stty -echo -icanon min 0 time 10; cat >/dev/null; stty sane';
    const prefix = BROWSER_PREFIX_BYTES[entry.name];
    const print = prefix === undefined ? `cat '${file}'` : `head -c ${prefix} '${file}'`;
    await run(page, `${print}; printf '\\030\\033c'; ${drain}; echo; echo "case-over-$((40+2))"`);
    await expectLine(page, 'case-over-42', { timeout: CASE_TIMEOUT_MS });
    // The terminal still takes a command.
    await run(page, 'echo "still-$((6*7))"');
    await expectLine(page, 'still-42');
    const stalls = await probe(page);
    testInfo.annotations.push({
      type: 'stall',
      description: `longest gap ${Math.round(stalls.maxGapMs)} ms, longest task ${Math.round(stalls.maxTaskMs)} ms`,
    });
    expect(stalls.maxGapMs, JSON.stringify(stalls)).toBeLessThan(MAX_STALL_MS);
    expect(stalls.maxTaskMs, JSON.stringify(stalls)).toBeLessThan(MAX_STALL_MS);
  });
}
