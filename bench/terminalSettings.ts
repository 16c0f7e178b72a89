/**
 * The terminal both pages of the browser bench show, Sluice's and the bare pipeline's: one place,
 * so the comparison cannot drift. The bench hands these to the bare page (in its URL) and to
 * Sluice's page (through `__sluiceBench.setCursor`), and to the Sluice server's mirror.
 */

/**
 * The cursor both pages use. Sluice's renderer ships `cursorBlink: true` (src/renderer/terminalFactory.ts),
 * so that is the default here; `SLUICE_BENCH_CURSOR_BLINK=0` runs both sides without the blink
 * (the research in queries-and-hostile-output.md found the blink delays the page's message handling).
 */
export interface BenchCursor {
  readonly cursorBlink: boolean;
}

export function benchCursor(env: Readonly<Record<string, string | undefined>> = process.env): BenchCursor {
  const value = env['SLUICE_BENCH_CURSOR_BLINK'];
  if (value === undefined || value === '1' || value === 'true') return { cursorBlink: true };
  if (value === '0' || value === 'false') return { cursorBlink: false };
  throw new Error(`SLUICE_BENCH_CURSOR_BLINK must be 1, 0, true or false, got ${JSON.stringify(value)}`);
}

/**
 * Lines of scrollback of every terminal in the bench: Sluice's renderer keeps 10 000
 * (terminalFactory.ts, SCROLLBACK_LINES), and the spec has one length drive the mirror and every
 * view. The service's own default is 1000 (src/main/service.ts), and neither serve.ts nor the
 * Electron entry passes 10 000 today; the bench passes it, so the mirror's memory is measured at
 * the length the spec asks for, not a tenth of it.
 */
export const SCROLLBACK_LINES = 10_000;

/** The page both sides are shown in: a laptop-sized window, the same as bench/browser.ts. */
export const VIEWPORT = { width: 1280, height: 800 } as const;
