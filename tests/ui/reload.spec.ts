/**
 * A reload in the middle of a full-screen program (issue 6): the reloaded window starts from the
 * session's mirror, so it shows exactly what the other window on the same session shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  activeSession,
  expect,
  focusTerminal,
  listSessions,
  openApp,
  run,
  screenLines,
  test,
  waitForLive,
  waitForPrompt,
} from './fixtures/sluice';

async function subscribers(page: Page, session: number): Promise<number | undefined> {
  return (await listSessions(page)).find((info) => info.session === session)?.subscribers;
}

test('a window reloaded while vim runs shows the other window’s screen, row for row', async ({ page, appUrl }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-reload-'));
  const file = path.join(dir, 'lines.txt');
  writeFileSync(file, Array.from({ length: 200 }, (_, i) => `line ${i + 1}: the quick brown fox\n`).join(''));
  try {
    await openApp(page, appUrl);
    const session = (await activeSession(page)) ?? 0;
    const other = await page.context().newPage();
    await other.goto(`${appUrl}#attach=${session}`);
    await waitForLive(other);
    await expect.poll(() => subscribers(page, session)).toBe(2);

    // A screen with some state to lose: line numbers, a split, a scrolled window, insert mode.
    await run(page, `vim '${file}'`);
    await expect.poll(async () => (await screenLines(page))[0]).toBe('line 1: the quick brown fox');
    await page.keyboard.type(':set number\n:split\n120Gzt');
    await page.keyboard.type('ohello from before the reload');
    const settled = (lines: string[]): boolean =>
      lines.some((line) => /^\s*121 hello from before the reload$/.test(line)) &&
      lines.at(-1)?.startsWith('-- INSERT --') === true;
    await expect.poll(async () => settled(await screenLines(other))).toBe(true);
    await expect.poll(async () => settled(await screenLines(page))).toBe(true);
    const before = await screenLines(other);
    expect(await screenLines(page)).toEqual(before);

    await page.reload();
    await waitForLive(page);
    expect(await activeSession(page)).toBe(session);
    await expect.poll(() => screenLines(page)).toEqual(before);
    expect(await screenLines(other)).toEqual(before);

    // vim is still there and takes keys from the reloaded window; both windows follow.
    await focusTerminal(page);
    await page.keyboard.press('Escape');
    await page.keyboard.type(':qa!\n');
    await waitForPrompt(page);
    await waitForPrompt(other);
    await other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
