/**
 * Memory of one session at full scrollback (10 000 lines), in both places that hold it: the
 * session's mirror in the service, and the view's xterm.js in the page. Issue 6 asks for the figure;
 * it is what a full scrollback costs per session and per window.
 *
 * - Mirror: a MirrorTerminal alone in a child process (scrollbackChild.ts), heap + array buffers
 *   after a GC, before and after 12 000 full-width lines — at 80 columns and at the browser bench's
 *   width.
 * - Renderer: Sluice's page in Chromium, the JS heap and the typed arrays' backing stores after a
 *   forced GC (CDP), before and after the same output in a fresh tab.
 */
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/ui/fixtures/chromium';
import { startServer } from './benchServers';
import { VIEWPORT } from './terminalSettings';
import { DEFAULT_SCROLLBACK } from '../src/shared/terminal/emulation';

const MiB = 1024 * 1024;
/** More lines than the scrollback holds, so it is full and trimming, as in long use. */
const LINES = DEFAULT_SCROLLBACK + 2000;
/** A classic terminal's width, and the page's at the bench's viewport (149 columns). */
const MIRROR_WIDTHS = [80, 149] as const;

export interface ScrollbackMemory {
  readonly lines: number;
  readonly mirror: readonly { cols: number; mib: number; emptyMib: number }[];
  readonly renderer: { cols: number; mib: number };
}

function mirrorAt(cols: number): { cols: number; mib: number; emptyMib: number } {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/scrollbackChild.ts', String(cols), String(LINES)],
    { encoding: 'utf8' },
  );
  const result = JSON.parse(output) as { emptyBytes: number; fullBytes: number };
  return { cols, mib: result.fullBytes / MiB, emptyMib: result.emptyBytes / MiB };
}

interface PageGlobals {
  readonly __sluiceTest: { screenText(): string; size(): { cols: number; rows: number } | null };
}

async function rendererAtFullScrollback(): Promise<{ cols: number; mib: number }> {
  const server = await startServer('sluice', { bareDir: '' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(server.url);
    await page.waitForFunction(() => /[$#] ?$/m.test((globalThis as unknown as PageGlobals).__sluiceTest.screenText()));
    const cdp = await page.context().newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      // The buffer lines are typed arrays: their backing stores live outside the JS heap proper.
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      if (usage.backingStorageSize === undefined) throw new Error('this Chromium does not report backing stores');
      return usage.usedSize + usage.backingStorageSize;
    };
    const size = await page.evaluate(() => (globalThis as unknown as PageGlobals).__sluiceTest.size());
    const cols = size?.cols ?? 0;
    const before = await heap();
    await page.keyboard.type(
      `for i in $(seq ${LINES}); do printf '\\033[32m%0${cols - 10}d\\033[0m %s\\n' $i yyyyyyyyy; done; echo scrollback-full\n`,
    );
    await page.waitForFunction(
      () => /^scrollback-full$/m.test((globalThis as unknown as PageGlobals).__sluiceTest.screenText()),
      undefined,
      { timeout: 300_000 },
    );
    const after = await heap();
    return { cols, mib: (after - before) / MiB };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function scrollbackMemory(): Promise<ScrollbackMemory> {
  const mirror = MIRROR_WIDTHS.map(mirrorAt);
  const renderer = await rendererAtFullScrollback();
  return { lines: LINES, mirror, renderer };
}
