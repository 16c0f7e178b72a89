/**
 * One scrollback (issue 6): the session's mirror keeps every line the views keep, so a reload and a
 * second window start from the same scrollback as the first window — from its very top.
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
  test,
  waitForLive,
  waitForPrompt,
  type PageGlobals,
} from './fixtures/sluice';

const LINES = 5000;

/** Every line of the active tab's buffer, scrollback first (trailing blanks dropped per line). */
function bufferLines(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__sluiceTest.bufferLines());
}

/** Presses between two looks at the screen while scrolling up. */
const PRESSES_PER_LOOK = 5;

/**
 * Scrolls the active terminal to the top of its scrollback as a person would — drags the scroll
 * bar's thumb up past the top, then Shift+PageUp until the first line shows (a drag may stop a
 * row short) — and returns the rows then on screen.
 */
async function scrollToTop(page: Page): Promise<string[]> {
  const pane = page.locator('[data-testid="pane"].active');
  const thumb = await pane.locator('.xterm-scrollable-element > .scrollbar.vertical > .slider').boundingBox();
  const area = await pane.getByTestId('terminal').boundingBox();
  if (!thumb || !area) throw new Error('no scroll bar to drag');
  await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + thumb.height / 2);
  await page.mouse.down();
  await page.mouse.move(thumb.x + thumb.width / 2, area.y - area.height, { steps: 5 });
  await page.mouse.up();

  await focusTerminal(page);
  const buffer = await bufferLines(page);
  // Bounded: each press scrolls at least a line.
  for (let presses = 0; presses <= buffer.length; presses += PRESSES_PER_LOOK) {
    const screen = await screenLines(page);
    if (screen[0] === buffer[0]) return screen;
    for (let i = 0; i < PRESSES_PER_LOOK; i++) await page.keyboard.press('Shift+PageUp');
  }
  throw new Error('the terminal never showed the top of its scrollback');
}

test('after seq 1 5000, a reload and a second window show the same scrollback, up to its top', async ({
  page,
  appUrl,
}) => {
  await openApp(page, appUrl);
  const session = (await activeSession(page)) ?? 0;
  await run(page, `seq 1 ${LINES}`);
  await expectLine(page, String(LINES));
  await waitForPrompt(page);
  const before = await bufferLines(page);
  // Every number is there, in order: the scrollback (10 000 lines) holds them all.
  const numbers = Array.from({ length: LINES }, (_, i) => String(i + 1));
  expect(before.filter((line) => /^\d+$/.test(line))).toEqual(numbers);
  const top = await scrollToTop(page);
  expect(top.slice(0, 3)).toEqual([expect.stringMatching(/seq 1 5000$/), '1', '2']);

  await page.reload();
  await waitForLive(page);
  expect(await activeSession(page)).toBe(session);
  await expect.poll(() => bufferLines(page)).toEqual(before);
  expect(await scrollToTop(page)).toEqual(top);

  const second = await page.context().newPage();
  await second.goto(`${appUrl}#attach=${session}`);
  await waitForLive(second);
  await expect
    .poll(async () => (await listSessions(page)).find((info) => info.session === session)?.subscribers)
    .toBe(2);
  await expect.poll(() => bufferLines(second)).toEqual(before);
  expect(await scrollToTop(second)).toEqual(top);
  await second.close();
});
