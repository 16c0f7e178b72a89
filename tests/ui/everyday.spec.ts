/**
 * The everyday details: the context menu, links that open only on Ctrl+click (plain URLs and OSC 8)
 * and show their target on hover, the close question for a running program, the bell's mark,
 * zoom and tab order kept across a reload, and the shortcut reference. The shared server, default
 * settings.
 */
import type { Page } from '@playwright/test';
import {
  activeSession,
  expect,
  expectLine,
  focusTerminal,
  listSessions,
  openApp,
  run,
  screenLines,
  terminalSize,
  test,
  waitForLive,
  waitForPrompt,
  type TestHook,
} from './fixtures/sluice';

interface ClipboardGlobals {
  readonly navigator: { readonly clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
}

function hook(page: Page): Promise<{ fontSize: number; sessions: number[]; selection: string }> {
  return page.evaluate(() => {
    const test = (globalThis as unknown as { __sluiceTest: TestHook }).__sluiceTest;
    return { fontSize: test.look()?.fontSize ?? 0, sessions: test.sessions(), selection: test.selection() };
  });
}

/** The page position of the middle of cell (col, row) of the active terminal (0-based, on screen). */
async function cellPoint(page: Page, col: number, row: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid="pane"].active .xterm-screen').boundingBox();
  const size = await terminalSize(page);
  if (!box || !size) throw new Error('no terminal on screen');
  return { x: box.x + ((col + 0.5) * box.width) / size.cols, y: box.y + ((row + 0.5) * box.height) / size.rows };
}

/** Where `text` is on screen, as the row of its last occurrence that is the whole row. */
async function findRow(page: Page, text: string): Promise<{ row: number; col: number }> {
  const lines = await screenLines(page);
  const row = lines.findLastIndex((line) => line === text);
  if (row < 0) throw new Error(`"${text}" is not a screen row`);
  return { row, col: 0 };
}

async function newTab(page: Page): Promise<number> {
  const before = await activeSession(page);
  await page.keyboard.press('Control+Shift+T');
  await expect.poll(() => activeSession(page)).not.toBe(before);
  await waitForLive(page);
  await waitForPrompt(page);
  return (await activeSession(page)) ?? 0;
}

test('the context menu: copy, paste, select all, clear, and a new tab', async ({ page, appUrl }, testInfo) => {
  await openApp(page, appUrl);
  await page.evaluate(() => (globalThis as unknown as ClipboardGlobals).navigator.clipboard.writeText('stale'));
  await run(page, 'echo menu-$((3*3))');
  await expectLine(page, 'menu-9');

  const terminal = page.locator('[data-testid="pane"].active [data-testid="terminal"]');
  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  // Nothing selected yet: Copy is there, and off.
  await expect(page.getByTestId('menu-copy')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('context-menu.png') });
  await page.getByTestId('menu-select-all').click();
  await expect(menu).toBeHidden();
  await expect.poll(async () => (await hook(page)).selection).toContain('menu-9');

  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  await page.getByTestId('menu-copy').click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as ClipboardGlobals).navigator.clipboard.readText()))
    .toContain('menu-9');

  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  await page.getByTestId('menu-clear').click();
  await expect.poll(async () => (await screenLines(page)).some((line) => line === 'menu-9')).toBe(false);

  await page.evaluate(() =>
    (globalThis as unknown as ClipboardGlobals).navigator.clipboard.writeText('echo pasted-by-menu'),
  );
  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  await page.getByTestId('menu-paste').click();
  await expect
    .poll(async () => (await screenLines(page)).some((line) => line.endsWith('echo pasted-by-menu')))
    .toBe(true);
  await page.keyboard.press('Enter');
  await expectLine(page, 'pasted-by-menu');

  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  await page.getByTestId('menu-new-tab-login-shell').click();
  await expect(page.getByTestId('tab')).toHaveCount(2);

  // Escape closes the menu and leaves everything as it was.
  await terminal.click({ button: 'right', position: { x: 300, y: 200 } });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});

test('a link opens only on Ctrl+click; a plain click selects; hovering shows the target; OSC 8 too', async ({
  page,
  appUrl,
  context,
}) => {
  await openApp(page, appUrl);
  // Port 9 (discard): nothing answers, and nothing leaves this machine.
  const plain = 'http://127.0.0.1:9/plain-link';
  await run(
    page,
    `clear; echo ${plain}; printf '\\033]8;;http://127.0.0.1:9/osc8-target\\033\\\\osc8-words\\033]8;;\\033\\\\\\n'`,
  );
  await expectLine(page, plain);
  await expectLine(page, 'osc8-words');
  // Every page a link opens lands here (and loads, so its address stays what was opened).
  const opened: string[] = [];
  await context.route('http://127.0.0.1:9/**', (route) => {
    opened.push(route.request().url());
    return route.fulfill({ contentType: 'text/plain', body: 'opened' });
  });

  const link = await findRow(page, plain);
  const start = await cellPoint(page, 2, link.row);
  const end = await cellPoint(page, 20, link.row);
  await page.mouse.move(start.x, start.y);
  const tooltip = page.getByTestId('link-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(page.getByTestId('link-url')).toHaveText(plain);
  await expect(page.getByTestId('link-hint')).toHaveText('Ctrl+click to open');

  // A plain click opens nothing; a drag over the link selects its text, as anywhere else.
  await page.mouse.click(start.x, start.y);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await hook(page)).selection.length).toBeGreaterThan(10);
  expect(plain).toContain((await hook(page)).selection);

  // Ctrl+click opens it (web mode: a new browser tab; the app: the system browser).
  const popup = context.waitForEvent('page');
  await page.keyboard.down('Control');
  await page.mouse.click(start.x, start.y);
  await page.keyboard.up('Control');
  await (await popup).waitForURL(plain);

  const osc = await findRow(page, 'osc8-words');
  const oscPoint = await cellPoint(page, 3, osc.row);
  await page.mouse.move(oscPoint.x, oscPoint.y);
  await expect(page.getByTestId('link-url')).toHaveText('http://127.0.0.1:9/osc8-target');
  const popupOsc = context.waitForEvent('page');
  await page.keyboard.down('Control');
  await page.mouse.click(oscPoint.x, oscPoint.y);
  await page.keyboard.up('Control');
  await (await popupOsc).waitForURL('http://127.0.0.1:9/osc8-target');
  // Exactly the two Ctrl+clicks opened pages: the plain click and the drag opened none.
  expect(opened).toEqual([plain, 'http://127.0.0.1:9/osc8-target']);
});

test('closing a tab that runs a program asks first, naming it; an idle shell closes at once', async ({
  page,
  appUrl,
}, testInfo) => {
  await openApp(page, appUrl);
  const idle = await newTab(page);
  await page.keyboard.press('Control+Shift+W');
  await expect(page.getByTestId('tab')).toHaveCount(1);
  await expect(page.getByTestId('close-dialog')).toHaveCount(0);
  await expect.poll(async () => (await listSessions(page)).some((info) => info.session === idle)).toBe(false);

  const busy = await newTab(page);
  await run(page, 'sleep 300');
  await expect(page.locator('[data-testid="tab"][aria-selected="true"] [data-testid="tab-title"]')).toHaveText('sleep');
  await page.keyboard.press('Control+Shift+W');
  const dialog = page.getByTestId('close-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('dialog-message')).toHaveText(
    '“sleep” is still running in this tab. Closing the tab ends it.',
  );
  await page.screenshot({ path: testInfo.outputPath('close-dialog.png') });
  await page.getByTestId('dialog-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('tab')).toHaveCount(2);

  // The tab's × asks the same, and Close ends the program with its tab.
  await page.locator('[data-testid="tab"][aria-selected="true"] [data-testid="tab-close"]').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('tab')).toHaveCount(1);
  await expect.poll(async () => (await listSessions(page)).some((info) => info.session === busy)).toBe(false);
});

test('closing the browser tab while a program runs asks first', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, 'sleep 300');
  // The page keeps a list of what runs (a leave-page question must be answered at once).
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { __sluiceTest: TestHook }).__sluiceTest.busyPrograms()))
    .toEqual(['sleep']);
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.accept();
});

test('a background tab that rang the bell carries a mark; the tab in view flashes', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await run(page, "printf '\\a'");
  await expect(page.locator('[data-testid="pane"].active')).toHaveClass(/bell-flash/);
  const first = await activeSession(page);
  await run(page, "sleep 2; printf '\\a'");
  await newTab(page);
  const firstTab = page.locator(`[data-testid="tab"][data-session="${first}"]`);
  await expect(firstTab).toHaveClass(/\bbell\b/);
  await expect(firstTab.getByTestId('tab-bell')).toBeVisible();
  // Shown again, the mark goes.
  await firstTab.click();
  await expect(firstTab).not.toHaveClass(/\bbell\b/);
});

test('zoom and tab order are kept across a reload; a new window starts at the last zoom', async ({
  page,
  appUrl,
  context,
}) => {
  await openApp(page, appUrl);
  await newTab(page);
  await newTab(page);
  const before = await hook(page);
  expect(before.sessions).toHaveLength(3);
  await focusTerminal(page);
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+=');
  await expect.poll(async () => (await hook(page)).fontSize).toBe(before.fontSize + 2);

  await page.reload();
  await waitForLive(page);
  await expect.poll(async () => (await hook(page)).sessions).toEqual(before.sessions);
  await expect.poll(async () => (await hook(page)).fontSize).toBe(before.fontSize + 2);

  const other = await context.newPage();
  await openApp(other, appUrl);
  await expect.poll(async () => (await hook(other)).fontSize).toBe(before.fontSize + 2);
});

test('F1 shows the shortcut reference, which says which keys a browser keeps; those have bindings that work', async ({
  page,
  appUrl,
}, testInfo) => {
  await openApp(page, appUrl);
  await page.keyboard.press('F1');
  const reference = page.getByTestId('shortcuts');
  await expect(reference).toBeVisible();
  await expect(page.getByTestId('shortcut-newTab').locator('kbd.reserved')).toHaveText('Ctrl+Shift+T');
  await expect(page.getByTestId('shortcut-newTab').locator('kbd.for-browsers')).toHaveText('Alt+Shift+T');
  await expect(page.getByTestId('shortcuts-note')).toContainText('the browser keeps');
  await page.screenshot({ path: testInfo.outputPath('shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(reference).toBeHidden();

  await focusTerminal(page);
  await page.keyboard.press('Alt+Shift+T');
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await waitForLive(page);
  await page.keyboard.press('Alt+PageUp');
  await expect(page.locator('[data-testid="tab"]').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+Shift+W');
  await expect(page.getByTestId('tab')).toHaveCount(1);
});
