/**
 * Browser throughput: a flood rendered by the real renderer in Chromium through web mode, against
 * the same bytes written into the same page's xterm.js with no transport (window.__sluiceBench).
 * Both end when xterm has parsed the last byte. The renderer must be built (`npm run build`).
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchService } from './benchService';
import { startWebServer } from '../src/main/web/webServer';
import { benchHost } from './benchHost';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/ui/fixtures/chromium';
import type { Rate } from './measures';

const MiB = 1024 * 1024;
/** xterm.js renders ~8 MiB/s here: 16 MiB is a couple of seconds per run. */
const BYTES = 16 * MiB;

export interface BrowserThroughput {
  readonly direct: Rate;
  readonly webMode: Rate;
  readonly ratio: number;
  readonly renderer: string | null;
}

/** The page's globals the benchmark reads (see src/renderer/global.d.ts); the bench has no DOM types. */
interface PageGlobals {
  readonly __sluiceTest: { screenText(): string; renderer(): string | null };
  readonly __sluiceBench?: { writeDirect(data: string, chunk: number): Promise<number> };
}
const rate = (bytes: number, ms: number): Rate => ({
  bytes,
  seconds: ms / 1000,
  mibPerSecond: bytes / MiB / (ms / 1000),
});

export async function browserThroughput(floodFile: string): Promise<BrowserThroughput> {
  if (!existsSync('out/renderer/index.html')) throw new Error('no built renderer: run `npm run build` first');
  const whole = readFileSync(floodFile, 'utf8');
  // Cut at a line end: a cut inside an escape sequence would swallow the end marker.
  const data = whole.slice(0, whole.lastIndexOf('\n', BYTES) + 1);
  const file = `${floodFile}.browser`;
  writeFileSync(file, data);
  // The page's shell starts without the machine owner's ~/.bashrc (see tests/ui/fixtures/webServer.ts).
  const home = mkdtempSync(path.join(tmpdir(), 'sluice-bench-home-'));
  const service = benchService({ env: { ...process.env, HOME: home } });
  const host = await benchHost();
  const server = await startWebServer({ service, staticDir: 'out/renderer', hostSocket: host.hostSocket });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}&bench=1`);
    // A shell prompt: a row ending in `$` or `#`.
    await page.waitForFunction(
      () => /[$#] ?$/m.test((globalThis as unknown as PageGlobals).__sluiceTest.screenText()),
      undefined,
      {
        timeout: 60_000,
      },
    );
    const renderer = await page.evaluate(() => (globalThis as unknown as PageGlobals).__sluiceTest.renderer());

    // Through web mode: PTY → service → WebSocket → client → xterm.js, acked from the write callback.
    const marker = `END-${Date.now().toString(36)}`;
    await page.keyboard.type(`clear; cat '${file}'; echo ${marker.slice(0, 4)}""${marker.slice(4)}`);
    const start = performance.now();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (m) => (globalThis as unknown as PageGlobals).__sluiceTest.screenText().includes(m),
      marker,
      {
        timeout: 300_000,
        polling: 'raf',
      },
    );
    const webMs = performance.now() - start;

    // The same bytes (as the PTY sends them: CRLF) straight into the same terminal.
    const crlf = data.replace(/\n/g, '\r\n');
    const directMs = await page.evaluate(
      ([text, chunk]) => {
        const bench = (globalThis as unknown as PageGlobals).__sluiceBench;
        if (!bench) throw new Error('the page has no bench hook');
        return bench.writeDirect(text, chunk);
      },
      [crlf, 64 * 1024] as const,
    );
    const bytes = Buffer.byteLength(crlf);
    const webMode = rate(bytes, webMs);
    const direct = rate(bytes, directMs);
    return { direct, webMode, ratio: webMode.mibPerSecond / direct.mibPerSecond, renderer };
  } finally {
    await browser.close();
    await server.close();
    host.close();
    await service.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}
