/**
 * Tabs: each owns one terminal and one session; the keys switch and close them; a hidden tab is
 * suspended and, shown again, shows everything that happened while it was hidden.
 */
import type { Page } from '@playwright/test';
import {
  activeSession,
  expect,
  expectLine,
  listSessions,
  openApp,
  run,
  screenText,
  test,
  waitForLive,
  waitForPrompt,
  type PageGlobals,
} from './fixtures/sluice';

function viewState(page: Page, session: number): Promise<string | null> {
  return page.evaluate((s) => (globalThis as unknown as PageGlobals).__sluiceTest.viewState(s), session);
}

/** Ctrl+Shift+T, and the new tab is live with its prompt; returns its session. */
async function newTab(page: Page, previous: number): Promise<number> {
  await page.keyboard.press('Control+Shift+T');
  await expect.poll(() => activeSession(page)).not.toBe(previous);
  await expect.poll(() => activeSession(page)).not.toBeNull();
  await waitForLive(page);
  await waitForPrompt(page);
  return (await activeSession(page)) ?? 0;
}

test('two tabs stay independent; the keys switch between them and close one', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  const first = (await activeSession(page)) ?? 0;
  await run(page, 'echo first-$((1+1))');
  await expectLine(page, 'first-2');

  const second = await newTab(page, first);
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await run(page, 'echo second-$((2+2))');
  await expectLine(page, 'second-4');
  expect(await screenText(page)).not.toContain('first-2');

  await page.keyboard.press('Control+PageUp');
  await expect.poll(() => activeSession(page)).toBe(first);
  await expectLine(page, 'first-2');
  expect(await screenText(page)).not.toContain('second-4');
  await expect(page.locator('[data-testid="tab"][aria-selected="true"]')).toHaveAttribute(
    'data-session',
    String(first),
  );

  await page.keyboard.press('Control+Tab');
  await expect.poll(() => activeSession(page)).toBe(second);
  await page.keyboard.press('Control+Shift+Tab');
  await expect.poll(() => activeSession(page)).toBe(first);
  await page.keyboard.press('Control+PageDown');
  await expect.poll(() => activeSession(page)).toBe(second);

  // Closing a tab ends its session.
  await page.keyboard.press('Control+Shift+W');
  await expect(page.getByTestId('tab')).toHaveCount(1);
  await expect.poll(() => activeSession(page)).toBe(first);
  await expect.poll(async () => (await listSessions(page)).some((info) => info.session === second)).toBe(false);
});

test('a hidden tab is suspended, and shown again shows the output it missed', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  const first = (await activeSession(page)) ?? 0;
  await run(page, 'sleep 2; echo while-hidden-$((6*7))');

  const second = await newTab(page, first);
  expect(await viewState(page, first)).toBe('suspended');
  expect(await viewState(page, second)).toBe('live');
  // The first tab's command finishes while it is hidden.
  await page.waitForTimeout(3000);
  expect(await screenText(page, first)).not.toContain('while-hidden-42');

  await page.keyboard.press('Control+Shift+Tab');
  await expect.poll(() => activeSession(page)).toBe(first);
  await expectLine(page, 'while-hidden-42');
  expect(await viewState(page, first)).toBe('live');
  expect(await viewState(page, second)).toBe('suspended');
});

test('the + button opens a tab and the × closes it', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  await page.getByTestId('new-tab').click();
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await waitForLive(page);
  await page.locator('[data-testid="tab"][aria-selected="true"] [data-testid="tab-close"]').click();
  await expect(page.getByTestId('tab')).toHaveCount(1);
});

test('a hidden page (a minimized window) suspends its view; shown again, it shows the current screen', async ({
  page,
  appUrl,
}) => {
  await openApp(page, appUrl);
  const session = (await activeSession(page)) ?? 0;
  // Headless Chromium never hides a page, so the test says what the browser would: the page's
  // visibility changed. The app's own listener does the rest.
  const setVisibility = (state: 'hidden' | 'visible'): Promise<void> =>
    page.evaluate((value) => {
      const doc = (globalThis as unknown as { document: { dispatchEvent(e: unknown): void } }).document;
      Object.defineProperty(doc, 'visibilityState', { value, configurable: true });
      doc.dispatchEvent(
        new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('visibilitychange'),
      );
    }, state);
  await setVisibility('hidden');
  await expect.poll(() => viewState(page, session)).toBe('suspended');
  // Output happens while nobody can see the window: none of it is rendered now.
  await page.evaluate(
    (s) => (globalThis as unknown as PageGlobals).sluice.write(s, 'echo while-$((2+3))-hidden\r'),
    session,
  );
  await page.waitForTimeout(500);
  expect(await screenText(page)).not.toContain('while-5-hidden');
  await setVisibility('visible');
  await expectLine(page, 'while-5-hidden');
  await expect.poll(() => viewState(page, session)).toBe('live');
});
