/**
 * Floods: the page keeps taking input and stays responsive while a program prints as fast as it
 * can, every byte arrives, and the status bar shows the flow level rising and falling.
 */
import type { Page } from '@playwright/test';
import { expect, expectLine, openApp, run, screenLines, statusBar, test } from './fixtures/sluice';
import { startStallProbe, stalls } from './fixtures/stallProbe';
import { startWebServer } from './fixtures/webServer';

/** Page-side records (this project compiles without the DOM library, hence the loose types). */
interface ProbeGlobals {
  __levels?: string[];
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
}

/** What a person would call "frozen" starts well below this; xterm yields every ~12 ms. */
const MAX_STALL_MS = 1000;

/** The longest the page's main thread went without running a 10 ms timer (fixtures/stallProbe.ts). */
async function maxStallMs(page: Page): Promise<number> {
  return (await stalls(page)).maxGapMs;
}

/** Records every value the active flow dot's `data-level` takes, however briefly. */
async function recordLevels(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    const dot = g.document.querySelector('[data-testid="pane"].active [data-testid="flow-dot"]');
    const levels: string[] = [];
    g.__levels = levels;
    new g.MutationObserver(() => levels.push(dot?.getAttribute('data-level') ?? '?')).observe(dot, {
      attributes: true,
      attributeFilter: ['data-level'],
    });
  });
}

function levelsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as ProbeGlobals).__levels ?? []);
}

test('seq 1 200000 ends with 200000 on screen, and the page stays responsive', async ({ page, appUrl }, testInfo) => {
  await openApp(page, appUrl);
  await startStallProbe(page);
  await run(page, 'seq 1 200000');
  await expectLine(page, /^\d{3,6}$/);
  await page.screenshot({ path: testInfo.outputPath('flood.png') });
  await expectLine(page, '200000', { timeout: 60_000 });
  // Every line arrived, in order: the screen ends with the last numbers, then the prompt.
  const lines = (await screenLines(page)).filter((line) => line !== '');
  expect(lines.slice(-4)).toEqual(['199998', '199999', '200000', expect.stringMatching(/[$#]$/)]);
  expect(await maxStallMs(page)).toBeLessThan(MAX_STALL_MS);
});

test('typing during a flood is taken: a command typed mid-flood runs after it', async ({ page, appUrl }) => {
  test.setTimeout(180_000);
  await openApp(page, appUrl);
  await startStallProbe(page);
  // ~15 MB: long enough to type into however fast this machine renders.
  await run(page, 'seq 1 2000000');
  await expectLine(page, /^\d{3,7}$/);
  await page.keyboard.type('echo typed-$((20+3))');
  await page.keyboard.press('Enter');
  expect(await screenLines(page), 'the flood was still running while we typed').not.toContain('2000000');

  await expectLine(page, '2000000', { timeout: 150_000 });
  await expectLine(page, 'typed-23');
  expect(await maxStallMs(page)).toBeLessThan(MAX_STALL_MS);
});

test('Ctrl+C stops an endless flood at once', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, 'yes');
  await expectLine(page, 'y');
  await page.keyboard.press('Control+C');
  // Input is not queued behind output: the shell is back within seconds, not after a backlog.
  await expectLine(page, /[$#]$/, { timeout: 10_000 });
  await run(page, 'echo after-$((3+4))');
  await expectLine(page, 'after-7');
});

test('the flow dot turns yellow or red under a flood, and green again after it', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  // Low budgets (the defaults are 256 KiB / 1 MiB), so that a view in a headless browser falls
  // behind for certain; the levels themselves are the service's, as in production.
  const server = await startWebServer({
    env: { SLUICE_FLOW_YELLOW_BYTES: String(32 * 1024), SLUICE_FLOW_RED_BYTES: String(128 * 1024) },
  });
  try {
    await openApp(page, server.url);
    await startStallProbe(page);
    await recordLevels(page);
    const dot = statusBar(page).getByTestId('flow-dot');
    await run(page, 'yes | head -c 4000000; echo flood-$((1+1))-over');

    await expect.poll(async () => (await levelsSeen(page)).some((level) => level !== 'green')).toBe(true);
    await page.screenshot({ path: testInfo.outputPath('flood-flow-level.png') });
    await expectLine(page, 'flood-2-over', { timeout: 150_000 });
    await expect(dot).toHaveAttribute('data-level', 'green');
    await expect(dot).toHaveAttribute('aria-label', /green/);
    await expect(statusBar(page).getByTestId('queue-size')).toHaveText('queue 0');
    expect(await maxStallMs(page)).toBeLessThan(MAX_STALL_MS);
    testInfo.annotations.push({ type: 'levels', description: (await levelsSeen(page)).join(' ') });
  } finally {
    await page.close();
    await server.stop();
  }
});
