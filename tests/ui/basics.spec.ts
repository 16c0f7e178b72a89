/**
 * One terminal in the browser, used as a person would: typing, reading, the status bar, the title,
 * search, copy and paste, zoom, resizing, and a shell that exits.
 */
import {
  expect,
  expectLine,
  focusTerminal,
  lastTputCols,
  openApp,
  run,
  screenLines,
  statusBar,
  terminalSize,
  test,
  type PageGlobals,
} from './fixtures/sluice';

interface ClipboardGlobals {
  readonly navigator: { readonly clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
}

test('echo hello shows its output, in a dark window with tabs and a green status bar', async ({
  page,
  appUrl,
}, testInfo) => {
  await openApp(page, appUrl);
  await run(page, 'echo hello');
  await expectLine(page, 'hello');

  await expect(page.getByTestId('tab')).toHaveCount(1);
  await expect(page.getByTestId('tab-title')).toHaveText(/bash|sh/);
  const dot = statusBar(page).getByTestId('flow-dot');
  await expect(dot).toHaveAttribute('data-level', 'green');
  await expect(dot).toHaveAttribute('aria-label', /green/);
  await expect(statusBar(page).getByTestId('queue-size')).toHaveText(/^queue \d+$/);
  await expect(statusBar(page).getByTestId('throughput')).toHaveText(/B\/s$/);
  // No GPU here: the DOM renderer, as rendererChoice.ts decides for software GL; said in words, in
  // the size's tooltip, not as "DOM"/"WebGL" in the bar.
  await expect(statusBar(page).getByTestId('term-size')).toHaveAttribute('data-renderer', 'dom');
  await expect(statusBar(page).getByTestId('term-size')).toHaveAttribute(
    'title',
    /columns × \d+ rows\. Drawn by the browser without the graphics card/,
  );
  await expect(statusBar(page)).not.toContainText('DOM');
  await page.screenshot({ path: testInfo.outputPath('idle.png') });
});

test('the tab title follows OSC 0/2', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, "printf '\\033]0;%s\\007' title-from-osc");
  await expect(page.getByTestId('tab-title')).toHaveText('title-from-osc');
  await expect(page).toHaveTitle(/title-from-osc/);
});

test('search finds text; Escape closes the box', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, 'echo needle-$((6*7))');
  await expectLine(page, 'needle-42');

  await page.keyboard.press('Control+Shift+F');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill('needle-42');
  await input.press('Enter');
  // The command line says needle-$((6*7)); only the output matches.
  await expect(page.getByTestId('search-count')).toHaveText('1 of 1');
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__sluiceTest.selection()))
    .toBe('needle-42');

  await input.fill('no-such-text-anywhere');
  await input.press('Enter');
  await expect(page.getByTestId('search-count')).toHaveText('No results');

  await input.press('Escape');
  await expect(page.getByTestId('search-bar')).toBeHidden();
  await expect(page.locator('[data-testid="pane"].active .xterm-helper-textarea')).toBeFocused();
});

test('Ctrl+Shift+C copies the selection and Ctrl+Shift+V pastes it into the shell', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  // Whatever an earlier test left on the clipboard must not count as this copy.
  await page.evaluate(() => (globalThis as unknown as ClipboardGlobals).navigator.clipboard.writeText('stale'));
  await run(page, 'echo clip-$((5*5))');
  await expectLine(page, 'clip-25');
  // Select the output the way search does; the selection stays when the search box closes.
  await page.keyboard.press('Control+Shift+F');
  await page.getByTestId('search-input').fill('clip-25');
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-count')).toHaveText('1 of 1');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+C');
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as ClipboardGlobals).navigator.clipboard.readText()))
    .toBe('clip-25');

  await page.keyboard.type('echo pasted:');
  await page.keyboard.press('Control+Shift+V');
  // The clipboard answers asynchronously: Enter once the paste is on the command line.
  await expect
    .poll(async () => (await screenLines(page)).some((row) => row.endsWith('echo pasted:clip-25')))
    .toBe(true);
  await page.keyboard.press('Enter');
  await expectLine(page, 'pasted:clip-25');
});

test('resizing the page changes the size the shell sees (tput cols)', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, 'echo cols=$(tput cols)');
  await expect.poll(() => lastTputCols(page)).toBeGreaterThan(0);
  const before = await lastTputCols(page);
  expect(before).toBe((await terminalSize(page))?.cols);

  await page.setViewportSize({ width: 700, height: 500 });
  await expect.poll(async () => (await terminalSize(page))?.cols).toBeLessThan(before);
  await run(page, 'clear; echo cols=$(tput cols)');
  const after = (await terminalSize(page))?.cols;
  await expect.poll(() => lastTputCols(page)).toBe(after);
  expect(after).toBeLessThan(before);
});

test('zoom changes the font size and refits: fewer columns, then back', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  const start = (await terminalSize(page))?.cols ?? 0;
  await focusTerminal(page);
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+=');
  await expect.poll(async () => (await terminalSize(page))?.cols).toBeLessThan(start);
  await page.keyboard.press('Control+0');
  await expect.poll(async () => (await terminalSize(page))?.cols).toBe(start);
  await page.keyboard.press('Control+-');
  await expect.poll(async () => (await terminalSize(page))?.cols).toBeGreaterThan(start);
});

test('a shell that exits shows its code in the terminal and the status bar, and its tab stays', async ({
  page,
  appUrl,
}) => {
  await openApp(page, appUrl);
  await run(page, 'exit 3');
  await expectLine(page, '[process exited with code 3]');
  await expect(statusBar(page).getByTestId('exit-code')).toHaveText('exited with code 3');
  await expect(page.getByTestId('tab')).toHaveCount(1);
});
