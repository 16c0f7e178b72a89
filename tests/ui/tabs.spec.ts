/**
 * Tabs: each owns one terminal and one session; the keys switch and close them; a hidden tab is
 * suspended and, shown again, shows everything that happened while it was hidden.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/** Output messages the view of `session` has received and not yet parsed into its terminal. */
function unrendered(page: Page, session: number): Promise<number> {
  return page.evaluate((s) => (globalThis as unknown as PageGlobals).__sluiceTest.unrendered(s), session);
}

/** A request and its response on the page's connection: the service has handled all the page sent before. */
async function roundTrip(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as PageGlobals).sluice.list());
}

/** The tab of `session` in the tab bar. */
function tabOf(page: Page, session: number): ReturnType<Page['locator']> {
  return page.locator(`[data-testid="tab"][data-session="${session}"]`);
}

/**
 * Proves that a hidden view rendered none of the output its session printed while it was hidden,
 * without waiting for time: the output is followed by a bell, and a bell reaches a hidden view (a
 * mark on its tab). Output sent to the view would have gone first: the service sends output at
 * once after a quiet spell and the bell only once the mirror has parsed the output in its worker,
 * and the page handles messages in order. Once the mark shows and the view has parsed everything
 * it received, the screen shows whatever it was sent.
 */
async function expectNothingRenderedWhileHidden(page: Page, session: number, text: string): Promise<void> {
  await expect(tabOf(page, session)).toHaveClass(/\bbell\b/);
  await expect.poll(() => unrendered(page, session)).toBe(0);
  expect(await screenText(page, session)).not.toContain(text);
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
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-tabs-'));
  const fifo = path.join(dir, 'release');
  execFileSync('mkfifo', [fifo]);
  try {
    await openApp(page, appUrl);
    const first = (await activeSession(page)) ?? 0;
    // The command waits until the test releases it, then prints and rings the bell.
    await run(page, `head -n1 '${fifo}' >/dev/null; echo while-hidden-$((6*7)); printf '\\a'`);

    const second = await newTab(page, first);
    expect(await viewState(page, first)).toBe('suspended');
    expect(await viewState(page, second)).toBe('live');
    // The service has the suspend before the command goes on (it is released on another channel).
    await roundTrip(page);
    // The first tab's command finishes while it is hidden.
    await writeFile(fifo, 'go\n');
    await expectNothingRenderedWhileHidden(page, first, 'while-hidden-42');

    await page.keyboard.press('Control+Shift+Tab');
    await expect.poll(() => activeSession(page)).toBe(first);
    await expectLine(page, 'while-hidden-42');
    expect(await viewState(page, first)).toBe('live');
    expect(await viewState(page, second)).toBe('suspended');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  // Output happens while nobody can see the window: none of it is rendered now. (The input goes on
  // the page's connection after the suspend, so the service has the suspend first.)
  await page.evaluate(
    (s) => (globalThis as unknown as PageGlobals).sluice.write(s, "echo while-$((2+3))-hidden; printf '\\a'\r"),
    session,
  );
  await expectNothingRenderedWhileHidden(page, session, 'while-5-hidden');
  await setVisibility('visible');
  await expectLine(page, 'while-5-hidden');
  await expect.poll(() => viewState(page, session)).toBe('live');
});
