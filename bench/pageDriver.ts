/**
 * Drives one terminal page of the browser bench, Sluice's or the bare one, as a person would (keys
 * through Playwright, i.e. CDP input events), and reads what the probe measured in the page
 * (bench/probe). Nothing here times anything itself: every figure is the page's own clock.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { BenchServer } from './benchServers';
import type { EchoTimes, FloodTimes, ProbeGlobals } from './probe/probeApi';
import type { BenchCursor } from './terminalSettings';
import { SCROLLBACK_LINES } from './terminalSettings';

/** Sluice's page globals the bench uses (src/renderer/testHook.ts, benchHook.ts). */
interface SluiceGlobals {
  readonly __sluiceTest: { size(): { cols: number; rows: number } | null; renderer(): string | null };
  readonly __sluiceBench?: { setCursor?(options: BenchCursor): void };
}

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/** A fresh shell starts in a second or two; tsx compiling the server first can take much longer. */
const PROMPT_TIMEOUT_MS = 60_000;
/** A flood of 12 MiB renders in a few seconds; a minute means something is stuck. */
const FLOOD_TIMEOUT_MS = 120_000;
/** An echo takes milliseconds; five seconds means it was lost. */
const ECHO_TIMEOUT_MS = 5_000;
/** Typed characters per line before the bench clears it (Ctrl+U), so the line never wraps. */
const ECHO_LINE_CHARS = 20;
/**
 * Letters only: readline echoes them as they are, and none is a shortcut. No `c` or `l`, so that no
 * typed line can match a row that still shows an earlier `$ clear` or `$ cat …`.
 */
const ECHO_ALPHABET = 'abdefghijkmnopqrstuvwxyz';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface OpenPage {
  readonly page: Page;
  /** The terminal's renderer as the page reports it (Sluice) or knows it (bare: always the DOM). */
  readonly renderer: string | null;
  readonly size: TerminalSize;
}

/** Opens `server`'s page in `context` and waits for the shell's prompt. */
export async function openTerminalPage(
  context: BrowserContext,
  server: Pick<BenchServer, 'side' | 'url'>,
  settings: { readonly cursor: BenchCursor; readonly size: TerminalSize | undefined },
): Promise<OpenPage> {
  const page = await context.newPage();
  if (server.side === 'sluice') {
    await page.goto(`${server.url}&bench=1`);
  } else {
    const { size } = settings;
    if (!size) throw new Error("the bare page needs the size of Sluice's terminal");
    const query = new URLSearchParams({
      cols: String(size.cols),
      rows: String(size.rows),
      scrollback: String(SCROLLBACK_LINES),
      blink: settings.cursor.cursorBlink ? '1' : '0',
    });
    await page.goto(`${server.url}?${query}`);
  }
  await waitForPrompt(page);
  if (server.side === 'bare') {
    return { page, renderer: 'dom', size: settings.size ?? { cols: 0, rows: 0 } };
  }
  const sluice = await page.evaluate((cursor) => {
    const globals = globalThis as unknown as SluiceGlobals;
    const setCursor = globals.__sluiceBench?.setCursor;
    if (!setCursor) throw new Error('the page has no __sluiceBench.setCursor: rebuild the renderer');
    setCursor(cursor);
    return { size: globals.__sluiceTest.size(), renderer: globals.__sluiceTest.renderer() };
  }, settings.cursor);
  if (!sluice.size) throw new Error("Sluice's page has no terminal");
  return { page, renderer: sluice.renderer, size: sluice.size };
}

/** The last non-empty row ends in a prompt (`$`, or `#` for root); resolves with that character. */
export async function waitForPrompt(page: Page): Promise<string> {
  const prompt = await page.waitForFunction(
    () => {
      const rows = (globalThis as unknown as ProbeGlobals).__benchProbe.rows().filter((row) => row.trim() !== '');
      const last = (rows.at(-1) ?? '').trimEnd();
      return /[$#]$/.test(last) ? last.slice(-1) : false;
    },
    undefined,
    // Waiting for a prompt is not a measurement: a slow poll is fine here.
    { timeout: PROMPT_TIMEOUT_MS, polling: 100 },
  );
  return (await prompt.jsonValue()) || '$';
}

/** Types `command` and presses Enter; resolves when a row reads exactly `lastLine`. */
export async function floodOnScreen(page: Page, command: string, lastLine: string): Promise<FloodTimes> {
  await page.keyboard.type(command);
  await page.evaluate((line) => (globalThis as unknown as ProbeGlobals).__benchProbe.armFlood(line), lastLine);
  await page.keyboard.press('Enter');
  const times = await page.evaluate(
    (timeout) => (globalThis as unknown as ProbeGlobals).__benchProbe.floodResult(timeout),
    FLOOD_TIMEOUT_MS,
  );
  await waitForPrompt(page);
  return times;
}

/**
 * `samples` keystrokes at the prompt, one at a time, each waited for on screen. The pause between
 * them varies (30–75 ms, a brisk typist) so that keys do not fall in step with the cursor's blink
 * or the frame clock.
 */
export async function echoSamples(page: Page, samples: number): Promise<EchoTimes[]> {
  const results: EchoTimes[] = [];
  const prompt = await waitForPrompt(page);
  let typed = '';
  for (let i = 0; i < samples; i++) {
    if (typed.length === ECHO_LINE_CHARS) {
      await page.keyboard.press('Control+U');
      typed = '';
      await waitForPrompt(page);
    }
    const char = ECHO_ALPHABET[i % ECHO_ALPHABET.length] ?? 'a';
    typed += char;
    await page.evaluate(([c, shown]) => (globalThis as unknown as ProbeGlobals).__benchProbe.armEcho(c, shown), [
      char,
      `${prompt} ${typed}`,
    ] as const);
    await page.keyboard.press(char);
    results.push(
      await page.evaluate(
        (timeout) => (globalThis as unknown as ProbeGlobals).__benchProbe.echoResult(timeout),
        ECHO_TIMEOUT_MS,
      ),
    );
    await sleep(30 + ((i * 37) % 46));
  }
  await page.keyboard.press('Control+U');
  return results;
}

/** Clears the screen so that old rows cannot match an echo's text. */
export async function clearScreen(page: Page): Promise<void> {
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  // `clear` redraws in a frame or two; then the prompt check below sees the cleared screen.
  await sleep(200);
  await waitForPrompt(page);
}
