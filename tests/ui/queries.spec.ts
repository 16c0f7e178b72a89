/**
 * One terminal answers (issue 6): every query a program sends gets exactly one reply, in stream
 * order, whatever the number of windows showing the session — two, one shown and one hidden, none.
 * The session's mirror answers; the views swallow queries.
 *
 * A probe program (tests/fixtures/queryProbe.py) puts its terminal in raw mode, sends the queries
 * and records every byte it reads back. No test waits for time to prove that no second reply comes:
 * - each window types a key once it shows the probe's marker (it has parsed every query by then),
 *   and a reply from that window would travel on its connection ahead of the key — the probe reads
 *   until it has every key;
 * - then the probe sends one more query (the fence) and reads until its reply: the session answers
 *   in stream order, so whatever it had to say about the first queries has arrived before that.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DARK_THEME } from '../../src/shared/terminal/palette';
import { XTVERSION_NAME } from '../../src/shared/terminal/emulation';
import {
  activeSession,
  activeTerminalSize,
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
import { REPO_ROOT } from './fixtures/webServer';

const PROBE = path.join(REPO_ROOT, 'tests', 'fixtures', 'queryProbe.py');
const ESC = '\x1b';
const ST = `${ESC}\\`;

/** A query and the one reply it must get; a RegExp where the value depends on the window's font. */
interface Query {
  readonly name: string;
  readonly send: string;
  readonly reply: string | RegExp;
}

/**
 * The colours the app shows (the dark theme), as xterm reports them. Spelled out rather than
 * computed with the code under test; the test also checks that they are the theme's and that the
 * page paints the background in that colour.
 */
const COLORS = {
  background: { theme: '#1e1e1e', css: 'rgb(30, 30, 30)', report: 'rgb:1e1e/1e1e/1e1e' },
  foreground: { theme: '#cccccc', report: 'rgb:cccc/cccc/cccc' },
  cursor: { theme: '#aeafad', report: 'rgb:aeae/afaf/adad' },
  red: { theme: '#cd3131', report: 'rgb:cdcd/3131/3131' },
} as const;

/**
 * Where the probe puts the cursor before asking for it (CPR), and, for the fence, where it moves
 * it afterwards: a reply that no other query produces.
 */
const CURSOR = { row: 3, col: 7 } as const;
const FENCE = { send: `${ESC}[2;5H${ESC}[6n`, reply: `${ESC}[2;5R` } as const;

/** Everything the probe asks, in order; `size` is the session's size (for the window reports). */
function queries(size: { cols: number; rows: number }): Query[] {
  return [
    { name: 'DA1', send: `${ESC}[c`, reply: `${ESC}[?1;2c` },
    { name: 'DA2', send: `${ESC}[>c`, reply: `${ESC}[>0;276;0c` },
    { name: 'DSR 5 (status)', send: `${ESC}[5n`, reply: `${ESC}[0n` },
    {
      name: 'DSR 6 (cursor position)',
      send: `${ESC}[${CURSOR.row};${CURSOR.col}H${ESC}[6n`,
      reply: `${ESC}[${CURSOR.row};${CURSOR.col}R`,
    },
    { name: 'DECRQM ?1 (reset)', send: `${ESC}[?1$p`, reply: `${ESC}[?1;2$y` },
    { name: 'DECRQM ?25 (set)', send: `${ESC}[?25$p`, reply: `${ESC}[?25;1$y` },
    { name: 'DECRQM 4 (ANSI, reset)', send: `${ESC}[4$p`, reply: `${ESC}[4;2$y` },
    { name: 'XTVERSION', send: `${ESC}[>q`, reply: `${ESC}P>|${XTVERSION_NAME}${ST}` },
    { name: 'DECRQSS SGR', send: `${ESC}P$qm${ST}`, reply: `${ESC}P1$r0m${ST}` },
    { name: 'DECRQSS DECSTBM', send: `${ESC}P$qr${ST}`, reply: `${ESC}P1$r1;${size.rows}r${ST}` },
    {
      name: 'OSC 4 (palette 1 and 196)',
      send: `${ESC}]4;1;?;196;?${ST}`,
      reply: `${ESC}]4;1;${COLORS.red.report}${ST}${ESC}]4;196;rgb:ffff/0000/0000${ST}`,
    },
    { name: 'OSC 10 (foreground)', send: `${ESC}]10;?${ST}`, reply: `${ESC}]10;${COLORS.foreground.report}${ST}` },
    // BEL-terminated, as vim sends it.
    { name: 'OSC 11 (background)', send: `${ESC}]11;?\x07`, reply: `${ESC}]11;${COLORS.background.report}${ST}` },
    { name: 'OSC 12 (cursor)', send: `${ESC}]12;?${ST}`, reply: `${ESC}]12;${COLORS.cursor.report}${ST}` },
    { name: 'CSI 18 t (size in cells)', send: `${ESC}[18t`, reply: `${ESC}[8;${size.rows};${size.cols}t` },
  ];
}

/** The window reports in pixels, from the cell size of the window that sized the session. */
const PIXEL_QUERIES: readonly Query[] = [
  { name: 'CSI 14 t (size in pixels)', send: `${ESC}[14t`, reply: new RegExp(`${ESC}\\[4;(\\d+);(\\d+)t`, 'y') },
  { name: 'CSI 16 t (cell in pixels)', send: `${ESC}[16t`, reply: new RegExp(`${ESC}\\[6;(\\d+);(\\d+)t`, 'y') },
];

/** Control characters made readable, for failure messages. */
function show(text: string): string {
  return JSON.stringify(text).replaceAll('\\u001b', '\\e');
}

/**
 * Checks that `received`, without the typed keys, is exactly one reply per query in order and
 * then the fence's reply. Returns what is wrong, or null; and the pixel reports' numbers.
 */
function checkReplies(
  received: string,
  expected: readonly Query[],
  keys: string,
): { problem: string | null; pixels: number[][] } {
  const pixels: number[][] = [];
  for (const key of keys) {
    const count = received.split(key).length - 1;
    if (count !== 1) return { problem: `the key ${key} arrived ${count} times`, pixels };
  }
  let rest = [...received].filter((char) => !keys.includes(char)).join('');
  for (const [index, query] of expected.entries()) {
    let reply: string | undefined;
    if (typeof query.reply === 'string') {
      if (rest.startsWith(query.reply)) reply = query.reply;
    } else {
      query.reply.lastIndex = 0;
      const match = query.reply.exec(rest);
      if (match) {
        reply = match[0];
        pixels.push(match.slice(1).map(Number));
      }
    }
    if (reply === undefined) {
      const before = expected.slice(0, index).map((q) => q.name);
      return {
        problem: `after [${before.join(', ')}]: expected the reply to ${query.name}, ${show(String(query.reply))}; got ${show(rest)}`,
        pixels,
      };
    }
    rest = rest.slice(reply.length);
  }
  return {
    problem: rest === FENCE.reply ? null : `after every reply, expected only the fence's; got ${show(rest)}`,
    pixels,
  };
}

/** One run of the probe: its plan and output files in a folder of their own. */
class Probe {
  readonly #dir = mkdtempSync(path.join(tmpdir(), 'sluice-probe-'));
  readonly #out = path.join(this.#dir, 'out.json');
  readonly #go: string | null;
  readonly queries: readonly Query[];
  readonly #keys: string;
  readonly #size: { cols: number; rows: number };

  constructor(options: {
    size: { cols: number; rows: number };
    keys: string;
    waitForGo?: boolean;
    queries?: readonly Query[];
  }) {
    this.#size = options.size;
    this.queries = options.queries ?? queries(options.size);
    this.#keys = options.keys;
    this.#go = options.waitForGo ? path.join(this.#dir, 'go') : null;
    if (this.#go) execFileSync('mkfifo', [this.#go]);
    const plan = {
      queries: this.queries.map((query) => query.send).join(''),
      keys: options.keys,
      fence: FENCE.send,
      fenceReply: FENCE.reply,
      go: this.#go,
      out: this.#out,
    };
    writeFileSync(path.join(this.#dir, 'plan.json'), JSON.stringify(plan));
  }

  /** The command line that starts it. */
  get command(): string {
    return `python3 '${PROBE}' '${path.join(this.#dir, 'plan.json')}'`;
  }

  /** Lets a probe that waits for the test go (the open of a FIFO blocks until the probe reads it). */
  async go(): Promise<void> {
    if (!this.#go) throw new Error('this probe does not wait');
    await writeFile(this.#go, 'go');
  }

  /** Waits for the probe's output file (it appears whole, renamed into place). */
  async received(): Promise<string> {
    let text = '';
    await expect
      .poll(
        () => {
          try {
            text = readFileSync(this.#out, 'utf8');
            return true;
          } catch {
            return false;
          }
        },
        { message: 'the probe to finish', timeout: 80_000 },
      )
      .toBe(true);
    const { received, timedOut } = JSON.parse(text) as { received: string; timedOut: boolean };
    expect(timedOut, `the probe gave up waiting; it read ${show(received)}`).toBe(false);
    return received;
  }

  /** Exactly one reply per query, in order, then the fence's; the pixel reports' numbers. */
  async expectOneReplyEach(): Promise<number[][]> {
    const received = await this.received();
    const { problem, pixels } = checkReplies(received, this.queries, this.#keys);
    expect(problem, `the probe read ${show(received)}`).toBeNull();
    return pixels;
  }

  get size(): { cols: number; rows: number } {
    return this.#size;
  }

  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * CSI 14 t (the text area in pixels) and CSI 16 t (a cell) come from the same cell size, that of
 * the window that sized the session: the area is `rows × cell height` by `cols × cell width`, up to
 * the rounding of each report (half a pixel per row or column, and half a pixel).
 */
function expectPixelsAgree(pixels: number[][], size: { cols: number; rows: number }): void {
  const [[height = 0, width = 0] = [], [cellHeight = 0, cellWidth = 0] = []] = pixels;
  expect(cellHeight).toBeGreaterThan(0);
  expect(cellWidth).toBeGreaterThan(0);
  expect(Math.abs(height - cellHeight * size.rows)).toBeLessThanOrEqual(size.rows / 2 + 0.5);
  expect(Math.abs(width - cellWidth * size.cols)).toBeLessThanOrEqual(size.cols / 2 + 0.5);
}

function viewState(page: Page, session: number): Promise<string | null> {
  return page.evaluate((s) => (globalThis as unknown as PageGlobals).__sluiceTest.viewState(s), session);
}

/** A request and its response on the page's connection: everything the page sent before has been handled. */
async function roundTrip(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as PageGlobals).sluice.list());
}

/** A second page showing `session` (the address form of "open in new window"). */
async function openSecondWindow(page: Page, appUrl: string, session: number): Promise<Page> {
  const second = await page.context().newPage();
  await second.goto(`${appUrl}#attach=${session}`);
  await waitForLive(second);
  await expect
    .poll(async () => (await listSessions(page)).find((info) => info.session === session)?.subscribers)
    .toBe(2);
  return second;
}

async function typeKey(page: Page, key: string): Promise<void> {
  await focusTerminal(page);
  await page.keyboard.type(key);
}

test.describe('one terminal answers', () => {
  let probe: Probe | undefined;
  test.afterEach(() => {
    probe?.dispose();
    probe = undefined;
  });

  test('the page shows the theme the session reports its colours from', async ({ page, appUrl }) => {
    for (const [key, color] of Object.entries(COLORS)) {
      expect(DARK_THEME[key as keyof typeof COLORS], key).toBe(color.theme);
    }
    await openApp(page, appUrl);
    const painted = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } })
        .getComputedStyle;
      return style(doc.querySelector('[data-testid="pane"].active .xterm-viewport')).backgroundColor;
    });
    expect(painted).toBe(COLORS.background.css);
  });

  test('two windows on one session: every query gets exactly one reply, in order', async ({ page, appUrl }) => {
    await openApp(page, appUrl);
    const session = (await activeSession(page)) ?? 0;
    const second = await openSecondWindow(page, appUrl, session);
    probe = new Probe({ size: await activeTerminalSize(page), keys: 'WZ' });
    await run(page, probe.command);
    await expectLine(page, 'PROBE-SENT');
    await expectLine(second, 'PROBE-SENT');
    await typeKey(page, 'W');
    await typeKey(second, 'Z');
    await expectLine(page, 'PROBE-DONE');
    await probe.expectOneReplyEach();
    await second.close();
  });

  test('one window shows the session, the other has it in a background tab: one reply each', async ({
    page,
    appUrl,
  }) => {
    await openApp(page, appUrl);
    const session = (await activeSession(page)) ?? 0;
    const second = await openSecondWindow(page, appUrl, session);
    await focusTerminal(second);
    await second.keyboard.press('Control+Shift+T');
    await expect.poll(() => viewState(second, session)).toBe('suspended');
    // The service has the suspend before the probe starts (it comes in on another connection).
    await roundTrip(second);

    probe = new Probe({ size: await activeTerminalSize(page), keys: 'WZ' });
    await run(page, probe.command);
    await expectLine(page, 'PROBE-SENT');
    await typeKey(page, 'W');
    // Shown again, the hidden view starts from the session's screen, the probe's marker on it.
    await second.keyboard.press('Control+PageUp');
    await waitForLive(second, session);
    await expectLine(second, 'PROBE-SENT', { session });
    await typeKey(second, 'Z');
    await expectLine(page, 'PROBE-DONE');
    await probe.expectOneReplyEach();
    await second.close();
  });

  test('no window shows the session: it still answers every query once', async ({ page, appUrl }) => {
    await openApp(page, appUrl);
    const session = (await activeSession(page)) ?? 0;
    probe = new Probe({ size: await activeTerminalSize(page), keys: '', waitForGo: true });
    await run(page, probe.command);
    await page.keyboard.press('Control+Shift+T');
    await expect.poll(() => viewState(page, session)).toBe('suspended');
    await waitForLive(page);
    await roundTrip(page);
    await probe.go();
    await probe.expectOneReplyEach();
    // Shown again: the probe has finished and the shell is back.
    await page.keyboard.press('Control+PageUp');
    await waitForLive(page, session);
    await expectLine(page, 'PROBE-DONE', { session });
    await waitForPrompt(page, session);
  });
});

/**
 * The pixel reports: xterm.js passes `CSI t` to a hook only when that report is enabled in
 * `windowOptions`, so the mirror enables them (src/main/mirror/mirrorTerminal.ts, WINDOW_OPTIONS),
 * and answers from the cell size the sizing window sent with its resize.
 */
test("the pixel-size reports (CSI 14 t, 16 t) get one reply each, from the sizing window's cell", async ({
  page,
  appUrl,
}) => {
  await openApp(page, appUrl);
  const probe = new Probe({ size: await activeTerminalSize(page), keys: 'W', queries: PIXEL_QUERIES });
  try {
    await run(page, probe.command);
    await expectLine(page, 'PROBE-SENT');
    await typeKey(page, 'W');
    await expectLine(page, 'PROBE-DONE');
    expectPixelsAgree(await probe.expectOneReplyEach(), probe.size);
  } finally {
    probe.dispose();
  }
});

/**
 * The bug this replaced: with two windows, vim got two answers to each of its startup queries and
 * read the second as keys — a pending `y` in its command area (showcmd), on screen until the next
 * key. vim sends those queries before it draws its screen, so a window that shows vim's intro has
 * parsed them; then each window types a digit (a count, harmless), which vim shows in that same
 * area after anything pending: any answer from a window reaches vim before that window's digit.
 */
test('vim in a session shown in two windows shows no stray characters', async ({ page, appUrl }) => {
  await openApp(page, appUrl);
  const session = (await activeSession(page)) ?? 0;
  const second = await openSecondWindow(page, appUrl, session);
  await run(page, 'vim');
  for (const window of [page, second]) await expectLine(window, /^~\s+VIM - Vi IMproved$/);
  const lastRow = async (window: Page): Promise<string> => (await screenLines(window)).at(-1) ?? '';
  await typeKey(page, '1');
  for (const window of [page, second]) await expect.poll(() => lastRow(window)).toMatch(/1\s+0,0-1\s+All$/);
  await typeKey(second, '2');
  for (const window of [page, second]) await expect.poll(() => lastRow(window)).toMatch(/12\s+0,0-1\s+All$/);

  // The count and the ruler, nothing else; the buffer empty, every other row vim's `~` (the intro).
  const lines = await screenLines(page);
  expect(lines.at(-1)).toMatch(/^\s+12\s+0,0-1\s+All$/);
  expect(lines[0]).toBe('');
  expect(lines.slice(1, -1).filter((line) => !line.startsWith('~'))).toEqual([]);
  expect(await screenLines(second)).toEqual(lines);

  await page.keyboard.press('Escape');
  await typeKey(page, ':q\n');
  await waitForPrompt(page);
  await second.close();
});
