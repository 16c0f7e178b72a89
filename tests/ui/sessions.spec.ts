/**
 * Sessions outlive their views: one session in two windows, both live; a reload reattaches and
 * shows the screen as it was, a full-screen program included.
 */
import {
  activeSession,
  expect,
  expectLine,
  listSessions,
  openApp,
  run,
  screenLines,
  statusBar,
  terminalSize,
  test,
  waitForLive,
  waitForPrompt,
  type PageGlobals,
} from './fixtures/sluice';
import { startWebServer } from './fixtures/webServer';

test('one session in two windows: both live, input from either shows in both', async ({ page, context, appUrl }) => {
  await openApp(page, appUrl);
  const session = await activeSession(page);
  const [second] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-in-new-window').click()]);
  await waitForLive(second);
  expect(await activeSession(second)).toBe(session);
  await expect
    .poll(async () => (await listSessions(page)).find((info) => info.session === session)?.subscribers)
    .toBe(2);

  await run(second, 'echo from-second-$((3*3))');
  await expectLine(second, 'from-second-9');
  await expectLine(page, 'from-second-9');

  await run(page, 'echo from-first-$((4*4))');
  await expectLine(page, 'from-first-16');
  await expectLine(second, 'from-first-16');

  // The address form: a page opened at #attach=N joins too, with the screen so far.
  const third = await context.newPage();
  await third.goto(`${appUrl}#attach=${session}`);
  await waitForLive(third);
  expect(await activeSession(third)).toBe(session);
  await expectLine(third, 'from-first-16');
  await run(third, 'echo from-third-$((5*5))');
  await expectLine(page, 'from-third-25');
  await expectLine(second, 'from-third-25');
  await second.close();
  await third.close();
});

test('two windows of different sizes: the PTY follows the one that last took input', async ({
  page,
  context,
  appUrl,
}) => {
  await openApp(page, appUrl);
  const big = await terminalSize(page);
  const session = await activeSession(page);

  const small = await context.newPage();
  await small.setViewportSize({ width: 640, height: 400 });
  await small.goto(`${appUrl}#attach=${session}`);
  await waitForLive(small);
  // The new window took focus, so its size wins, and the first window adopts it.
  const smallSize = await terminalSize(small);
  expect(smallSize?.cols).toBeLessThan(big?.cols ?? 0);
  await expect.poll(() => terminalSize(page)).toEqual(smallSize);

  // Typing in the big window takes the PTY back to its size, and the small one follows.
  await run(page, 'echo cols=$(tput cols)');
  await expectLine(page, `cols=${big?.cols}`);
  await expect.poll(() => terminalSize(small)).toEqual(big);
  await small.close();
});

test('when the server goes away, every tab says so', async ({ page }) => {
  const server = await startWebServer();
  try {
    await openApp(page, server.url);
  } finally {
    await server.stop();
  }
  await expect(statusBar(page).getByTestId('status-message')).toContainText(/connection/);
  await expectLine(page, /^\[.*connection.*\]$/);
});

test('a reload keeps the tabs and restores the screen of a full-screen program', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  const first = await activeSession(page);
  await page.keyboard.press('Control+Shift+T');
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await waitForLive(page);
  await waitForPrompt(page);
  const second = await activeSession(page);
  await run(page, 'echo in-second-tab');
  await page.keyboard.press('Control+PageUp');
  await expect.poll(() => activeSession(page)).toBe(first);

  await run(page, 'seq 1 500 | less');
  await expectLine(page, ':');
  await expectLine(page, '10');
  const before = await screenLines(page);

  await page.reload();
  await waitForLive(page);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__sluiceTest.sessions())).toEqual([
    first,
    second,
  ]);
  expect(await activeSession(page)).toBe(first);
  await expect.poll(() => screenLines(page)).toEqual(before);

  // less is still running there, and still takes keys.
  await page.locator('[data-testid="pane"].active .xterm-helper-textarea').focus();
  await page.keyboard.press('q');
  await waitForPrompt(page);
  await run(page, 'echo after-$((5+5))');
  await expectLine(page, 'after-10');
});
