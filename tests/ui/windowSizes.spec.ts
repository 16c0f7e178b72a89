/**
 * Windows of different sizes on one session (issue 6): the PTY has one size, set by the window the
 * user last typed in or focused (tmux's `latest`). The other window says so in its size bar — that
 * the session is cut off there, or does not fill it — and "Fit to this window" takes the size.
 */
import type { Page } from '@playwright/test';
import {
  activeSession,
  activeTerminalSize,
  expect,
  expectLine,
  lastTputCols,
  listSessions,
  openApp,
  run,
  test,
  waitForLive,
} from './fixtures/sluice';

function sizeBar(page: Page): ReturnType<Page['locator']> {
  return page.locator('[data-testid="pane"].active [data-testid="size-bar"]');
}

test('the window that does not size the session says so, and "Fit to this window" takes the size', async ({
  page,
  appUrl,
}) => {
  await openApp(page, appUrl);
  const session = (await activeSession(page)) ?? 0;
  const big = await activeTerminalSize(page);
  await expect(sizeBar(page)).toBeHidden();

  // A smaller window on the same session takes the size as it opens (it has the focus) ...
  const small = await page.context().newPage();
  await small.setViewportSize({ width: 640, height: 400 });
  await small.goto(`${appUrl}#attach=${session}`);
  await waitForLive(small);
  await expect
    .poll(async () => (await listSessions(page)).find((info) => info.session === session)?.subscribers)
    .toBe(2);
  const fits = await activeTerminalSize(small);
  expect(fits.cols).toBeLessThan(big.cols);
  expect(fits.rows).toBeLessThan(big.rows);
  // ... and the big one, showing the session smaller than itself, says so.
  await expect.poll(() => activeTerminalSize(page)).toEqual(fits);
  await expect(sizeBar(page)).toBeVisible();
  await expect(sizeBar(page).getByTestId('size-bar-text')).toHaveText(
    `Another window sized this session to ${fits.cols}×${fits.rows}; it does not fill this window.`,
  );
  await expect(sizeBar(small)).toBeHidden();

  // Typing in the big window takes the size back; now the small one shows the session cut off.
  await run(page, 'echo cols=$(tput cols)');
  await expect.poll(() => lastTputCols(page)).toBe(big.cols);
  await expect(sizeBar(page)).toBeHidden();
  await expect(sizeBar(small)).toBeVisible();
  await expect(sizeBar(small).getByTestId('size-bar-text')).toHaveText(
    `Another window sized this session to ${big.cols}×${big.rows}; part of it is cut off here.`,
  );

  // One click takes it for the small window: the big one adopts the size (the PTY was resized)
  // and now it shows the bar.
  await sizeBar(small).getByTestId('size-bar-fit').click();
  await expect(sizeBar(small)).toBeHidden();
  await expect.poll(() => activeTerminalSize(page)).toEqual(fits);
  await expect(sizeBar(page)).toBeVisible();
  await expect(sizeBar(page).getByTestId('size-bar-text')).toHaveText(
    `Another window sized this session to ${fits.cols}×${fits.rows}; it does not fill this window.`,
  );
  // The shell sees the new width (typing here keeps it: this window has it already).
  await run(small, 'clear; echo cols=$(tput cols)');
  await expectLine(small, `cols=${fits.cols}`);
  await expect(sizeBar(small)).toBeHidden();
  await small.close();
});
