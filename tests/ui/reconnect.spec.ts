/**
 * Web mode through a server restart: the page says the server went away (an overlay, not a line in
 * the terminal), refuses keystrokes visibly, and when the server is back on the same URL (same port,
 * same token from the config folder) reconnects by itself, says the old shells ended, and runs
 * fresh ones in the same tabs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectLine, openApp, run, test, waitForLive, waitForPrompt } from './fixtures/sluice';
import { startWebServer, type RunningServer } from './fixtures/webServer';

let configHome: string;
const servers: RunningServer[] = [];

test.beforeEach(() => {
  configHome = mkdtempSync(join(tmpdir(), 'sluice-ui-reconnect-'));
});

test.afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  rmSync(configHome, { recursive: true, force: true });
});

test('after the server restarts, the same URL reconnects by itself with fresh shells', async ({ page }, testInfo) => {
  const first = await startWebServer({ configHome });
  servers.push(first);
  await openApp(page, first.url);
  await page.keyboard.press('Control+Shift+T');
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await waitForLive(page);
  await waitForPrompt(page);
  await run(page, 'echo before-restart');
  await expectLine(page, 'before-restart');

  await first.stop();
  const overlay = page.getByTestId('reconnect-overlay');
  await expect(overlay).toBeVisible();
  await expect(page.getByTestId('reconnect-title')).toHaveText('The Sluice server stopped');
  // Keys are refused where the user can see it, not dropped in silence.
  await page.keyboard.type('x');
  await expect(page.getByTestId('reconnect-refused')).toHaveAttribute('data-shown', 'true');
  await expect(page.getByTestId('reconnect-refused')).toHaveText('Not connected: what you type is not sent anywhere.');
  await page.screenshot({ path: testInfo.outputPath('reconnect-overlay.png') });

  // Same config folder (same token) and same port: the same URL.
  const port = Number(new URL(first.url).port);
  const second = await startWebServer({ configHome, port });
  servers.push(second);
  expect(second.url).toBe(first.url);

  await expect(page.getByTestId('toast')).toContainText('The Sluice server restarted', { timeout: 60_000 });
  await expect(page.getByTestId('toast')).toContainText('2 fresh ones were opened');
  await expect(overlay).toBeHidden();
  expect(page.url()).toBe(first.url);
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await waitForLive(page);
  await expectLine(page, '[the Sluice server restarted: the shell that was here ended; this is a new one]');
  await waitForPrompt(page);
  await run(page, 'echo after-restart');
  await expectLine(page, 'after-restart');
});
