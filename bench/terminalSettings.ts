/**
 * The terminal both pages of the browser bench show, Sluice's and the bare pipeline's: one place,
 * so the comparison cannot drift. The bench hands these to the bare page (in its URL) and to
 * Sluice's page (through `__sluiceBench.setCursor`).
 */
import { CURSOR_BLINK, DEFAULT_SCROLLBACK } from '../src/shared/terminal/emulation';

/**
 * The cursor both pages use: by default Sluice's own (`CURSOR_BLINK` in
 * src/shared/terminal/emulation.ts: off, as in VS Code); `SLUICE_BENCH_CURSOR_BLINK=1` runs both
 * sides with the blink (the research in queries-and-hostile-output.md found the blink delays the
 * page's message handling).
 */
export interface BenchCursor {
  readonly cursorBlink: boolean;
}

export function benchCursor(env: Readonly<Record<string, string | undefined>> = process.env): BenchCursor {
  const value = env['SLUICE_BENCH_CURSOR_BLINK'];
  if (value === undefined) return { cursorBlink: CURSOR_BLINK };
  if (value === '1' || value === 'true') return { cursorBlink: true };
  if (value === '0' || value === 'false') return { cursorBlink: false };
  throw new Error(`SLUICE_BENCH_CURSOR_BLINK must be 1, 0, true or false, got ${JSON.stringify(value)}`);
}

/** Lines of scrollback of every terminal in the bench: Sluice's one length (mirror and views). */
export const SCROLLBACK_LINES = DEFAULT_SCROLLBACK;

/** The page both sides are shown in: a laptop-sized window, the same as bench/browser.ts. */
export const VIEWPORT = { width: 1280, height: 800 } as const;
