/**
 * Settings, as a person uses them: settings.json edited on disk applies live to every open window;
 * a broken file is reported by key and survived; the light and system-following themes; the
 * settings page writes the same file (comments kept); a profile opens in a new tab. One server of
 * its own, with a config folder this file writes into.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectLine, openApp, run, test, waitForLive, waitForPrompt, type TestHook } from './fixtures/sluice';
import { REPO_ROOT, startWebServer, type RunningServer } from './fixtures/webServer';

let server: RunningServer;
let configHome: string;
let settingsFile: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  configHome = mkdtempSync(join(tmpdir(), 'sluice-ui-settings-'));
  settingsFile = join(configHome, 'sluice', 'settings.json');
  server = await startWebServer({ configHome });
});

test.afterAll(async () => {
  await server.stop();
  rmSync(configHome, { recursive: true, force: true });
});

/** Each test starts from a known file, and waits until the server has read it (the notice clears). */
test.beforeEach(() => {
  writeFileSync(settingsFile, '{}\n');
});

function look(page: Page): Promise<ReturnType<TestHook['look']>> {
  return page.evaluate(() => (globalThis as unknown as { __sluiceTest: TestHook }).__sluiceTest.look());
}

async function lookOf(page: Page, key: 'fontSize' | 'background' | 'cursorStyle' | 'fontFamily'): Promise<unknown> {
  return (await look(page))?.[key];
}

test('a change to settings.json applies at once to every open window', async ({ page, context }) => {
  await openApp(page, server.url);
  const second = await context.newPage();
  await openApp(second, server.url);
  writeFileSync(settingsFile, '{\n  // bigger\n  "fontSize": 19,\n  "cursorStyle": "bar",\n}\n');
  for (const window of [page, second]) {
    await expect.poll(() => lookOf(window, 'fontSize')).toBe(19);
    await expect.poll(() => lookOf(window, 'cursorStyle')).toBe('bar');
  }
});

test('a broken file is reported by key, the last good settings stay, and the file is left alone', async ({ page }) => {
  writeFileSync(settingsFile, '{ "fontSize": 17 }');
  await openApp(page, server.url);
  await expect.poll(() => lookOf(page, 'fontSize')).toBe(17);

  const broken = '{\n  "fontSize": "big",\n  "theme": "light"\n}\n';
  writeFileSync(settingsFile, broken);
  const notice = page.getByTestId('settings-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('fontSize (line 2, column 3): expected a number, got "big"');
  await expect(notice).toContainText('last good settings stay in force');
  expect(await lookOf(page, 'fontSize')).toBe(17);
  expect(await lookOf(page, 'background')).toBe('#1e1e1e');

  writeFileSync(settingsFile, '{ "theme": "solarized" }');
  await expect(notice).toContainText(
    'theme (line 1, column 3): expected one of "dark", "light", "system", "custom"; got "solarized"',
  );

  // Still working: typing reaches the shell.
  await run(page, 'echo still-$((40+2))');
  await expectLine(page, 'still-42');
  expect(readFileSync(settingsFile, 'utf8')).toBe('{ "theme": "solarized" }');

  writeFileSync(settingsFile, '{ "fontSize": 15 }');
  await expect(notice).toBeHidden();
  await expect.poll(() => lookOf(page, 'fontSize')).toBe(15);
});

test('the light theme, and a theme that follows the system', async ({ page }) => {
  await openApp(page, server.url);
  await run(page, "printf '\\033[31mred\\033[32m green\\033[34m blue\\033[0m on light\\n'; ls -la /");
  writeFileSync(settingsFile, '{ "theme": "light" }');
  await expect.poll(() => lookOf(page, 'background')).toBe('#ffffff');
  await expect(page.locator('html')).toHaveAttribute('data-appearance', 'light');
  await expect(page.getByTestId('tab-bar')).toHaveCSS('background-color', 'rgb(248, 248, 248)');
  await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshot-light.png') });

  writeFileSync(settingsFile, '{ "theme": "system" }');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => lookOf(page, 'background')).toBe('#1e1e1e');
  await expect(page.locator('html')).toHaveAttribute('data-appearance', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => lookOf(page, 'background')).toBe('#ffffff');
  await expect(page.locator('html')).toHaveAttribute('data-appearance', 'light');
});

test('the settings page (Ctrl+,) edits the same file and keeps its comments', async ({ page }) => {
  writeFileSync(settingsFile, '{\n  // my comment stays\n  "fontSize": 14\n}\n');
  await openApp(page, server.url);
  await page.keyboard.press('Control+,');
  const settingsPage = page.getByTestId('settings-page');
  await expect(settingsPage).toBeVisible();
  await expect(page.getByTestId('settings-path')).toHaveText(settingsFile);

  await page.getByTestId('setting-fontSize').fill('16');
  await page.getByTestId('setting-fontSize').press('Enter');
  await page.getByTestId('setting-theme').selectOption('light');
  await expect.poll(() => lookOf(page, 'fontSize')).toBe(16);
  await expect.poll(() => lookOf(page, 'background')).toBe('#ffffff');
  const text = readFileSync(settingsFile, 'utf8');
  expect(text).toContain('// my comment stays');
  expect(text).toContain('"fontSize": 16');
  expect(text).toContain('"theme": "light"');
  await page.getByTestId('setting-theme').selectOption('dark');
  await expect.poll(() => lookOf(page, 'background')).toBe('#1e1e1e');
  await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshot-settings.png') });

  // A broken file: the form refuses to write over it; the editor shows the problem and saves a fix.
  writeFileSync(settingsFile, '{ "fontSize": 16, "bell": "loud" }');
  await expect(page.getByTestId('settings-banner')).toContainText('bell');
  await expect(page.getByTestId('setting-fontSize')).toBeDisabled();
  await page.getByTestId('settings-tab-file').click();
  const editor = page.getByTestId('settings-editor');
  await expect(editor).toHaveValue('{ "fontSize": 16, "bell": "loud" }');
  await expect(page.getByTestId('settings-editor-problems')).toContainText('bell');
  await expect(page.getByTestId('settings-save-text')).toBeDisabled();
  await editor.fill('{ "fontSize": 16, "bell": "none" }');
  await expect(page.getByTestId('settings-editor-problems')).toHaveText('No problems.');
  await page.getByTestId('settings-save-text').click();
  await expect(page.getByTestId('settings-result')).toHaveText('Saved.');
  await expect(page.getByTestId('settings-banner')).toBeHidden();
  expect(readFileSync(settingsFile, 'utf8')).toBe('{ "fontSize": 16, "bell": "none" }');

  await page.keyboard.press('Escape');
  await expect(settingsPage).toBeHidden();
});

test('a profile from the settings opens in a new tab', async ({ page }) => {
  writeFileSync(
    settingsFile,
    JSON.stringify({
      profiles: [{ name: 'probe', shell: '/bin/sh', args: [], env: { SLUICE_PROFILE: 'from-profile' } }],
    }),
  );
  await openApp(page, server.url);
  await page.getByTestId('new-tab-menu').click();
  await page.getByTestId('menu-new-tab-probe').click();
  await expect(page.getByTestId('tab')).toHaveCount(2);
  // The tab is named after its live program, as every tab is.
  await expect(page.locator('[data-testid="tab"][aria-selected="true"] [data-testid="tab-title"]')).toHaveText('sh');
  await waitForLive(page);
  await waitForPrompt(page);
  await run(page, 'echo "$SLUICE_PROFILE in $0"');
  await expectLine(page, 'from-profile in /bin/sh');

  // The default profile is what Ctrl+Shift+T (Alt+Shift+T in a browser) opens.
  writeFileSync(
    settingsFile,
    JSON.stringify({
      profiles: [{ name: 'probe', shell: '/bin/sh', env: { SLUICE_PROFILE: 'default-profile' } }],
      defaultProfile: 'probe',
    }),
  );
  await expect
    .poll(() =>
      page.evaluate(() => (globalThis as unknown as { __sluiceTest: TestHook }).__sluiceTest.settings().defaultProfile),
    )
    .toBe('probe');
  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('tab')).toHaveCount(3);
  await waitForLive(page);
  await waitForPrompt(page);
  await run(page, 'echo "$SLUICE_PROFILE"');
  await expectLine(page, 'default-profile');
});
