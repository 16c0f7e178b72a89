/**
 * The Electron app itself, through Playwright's `_electron`: the built main process
 * (out/main/index.js, from `npx electron-vite build`), the sandboxed preload and the real renderer.
 *
 * It needs an Electron binary. electron@45 downloads it on first launch, and `require('electron')`
 * under Node would try that download, so the binary is looked for on disk and the whole file is
 * skipped, with the reason, where there is none (or no display to open a window on).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { expectLine, listSessions, run, waitForLive, waitForPrompt, type PageGlobals } from './fixtures/sluice';

const MAIN = path.resolve('out/main/index.js');

/** The Electron executable, found the way node_modules/electron/index.js finds it, minus the download. */
function findElectron(): { readonly executable: string } | { readonly reason: string } {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) return { executable: path.join(override, relative ?? 'electron') };
  if (!relative) {
    return {
      reason:
        'node_modules/electron/path.txt is missing: electron@45 downloads its binary on first launch, and this machine has no network for it',
    };
  }
  const executable = path.join(dir, 'dist', relative);
  if (!existsSync(executable)) return { reason: `${executable} is missing: the binary download never ran or failed` };
  return { executable };
}

function launchProblem(): string | undefined {
  const found = findElectron();
  if ('reason' in found) return found.reason;
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return 'no display to open a window on: run under xvfb-run';
  }
  return undefined;
}

const problem = launchProblem();
test.skip(problem !== undefined, `Electron binary not available: ${problem ?? ''}`);

interface HostGlobals {
  readonly sluiceHost: {
    openWindow(options?: { session?: number }): Promise<void>;
  };
}

/** What the navigation test keeps in the main process between two evaluations. */
interface NavigationGlobals {
  __sluiceNavigation?: Promise<{ url: string; mainFrame: boolean; prevented: boolean }>;
}

let app: ElectronApplication | undefined;

function current(): ElectronApplication {
  if (!app) throw new Error('the app is not running');
  return app;
}

test.beforeEach(() => {
  expect(existsSync(MAIN), `${MAIN} (run npx electron-vite build first)`).toBe(true);
});

test.beforeEach(async () => {
  const found = findElectron();
  if (!('executable' in found)) throw new Error(found.reason);
  app = await electron.launch({
    executablePath: found.executable,
    // Chromium's own sandbox refuses to start as root (containers, CI); the renderer stays
    // context-isolated and `sandbox: true` either way.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN],
    env: { ...process.env, SHELL: '/bin/bash' },
  });
});

test.afterEach(async () => {
  // Closing quits the app the way a user does (app.quit()), so the service disposes first.
  await app?.close();
  app = undefined;
});

/** The first window, attached to its first session, at a prompt. */
async function firstWindow(): Promise<Page> {
  const page = await current().firstWindow();
  await waitForLive(page);
  await waitForPrompt(page);
  return page;
}

test('the window opens, a shell prompts, and echo works', async () => {
  const page = await firstWindow();
  await run(page, 'echo sluice-$((6*7))');
  await expectLine(page, 'sluice-42');
});

test('the page has no Node and only the small host API', async () => {
  const page = await firstWindow();
  const globals = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    return {
      require: typeof g['require'],
      process: typeof g['process'],
      host: Object.keys((g['sluiceHost'] as object | undefined) ?? {}).sort(),
    };
  });
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    host: ['openExternal', 'openWindow', 'requestPort'],
  });
});

test('navigation away from the terminal is blocked', async () => {
  const page = await firstWindow();
  const before = page.url();
  // A listener added now runs after the app's policy (added when the window was created), so it
  // sees the policy's decision. will-frame-navigate is the first cancellable navigation event;
  // once it is prevented Electron fires no later one and the page stays.
  await current().evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents;
    if (!contents) throw new Error('no window');
    (globalThis as unknown as NavigationGlobals).__sluiceNavigation = new Promise((resolve) => {
      contents.once('will-frame-navigate', (event) =>
        resolve({ url: event.url, mainFrame: event.isMainFrame, prevented: event.defaultPrevented }),
      );
    });
  });
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  const decision = await current().evaluate(() => (globalThis as unknown as NavigationGlobals).__sluiceNavigation);
  expect(decision).toEqual({ url: 'https://example.com/', mainFrame: true, prevented: true });
  expect(page.url()).toBe(before);
  // Still the terminal, and still working.
  await run(page, 'echo still-$((20+1))');
  await expectLine(page, 'still-21');
});

test('a reload reattaches to the same session and releases the old page’s subscription', async () => {
  const page = await firstWindow();
  await run(page, 'echo before-reload');
  await expectLine(page, 'before-reload');
  const [session] = await listSessions(page);
  // Wait for the new document, or the checks below could still read the old one.
  const reloaded = page.waitForEvent('load');
  await current().evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.reload());
  await reloaded;
  await waitForLive(page);
  await expectLine(page, 'before-reload');
  const after = await listSessions(page);
  expect(after.map((s) => s.session)).toContain(session?.session);
  // One subscriber: the new page. The old page's connection was closed, not leaked.
  expect(after.find((s) => s.session === session?.session)?.subscribers).toBe(1);
});

test('a session opened in another window is live in both', async () => {
  const page = await firstWindow();
  const [session] = await listSessions(page);
  const opened = current().waitForEvent('window');
  await page.evaluate(
    (id) => (globalThis as unknown as HostGlobals).sluiceHost.openWindow({ session: id }),
    session?.session,
  );
  const other = await opened;
  await waitForLive(other, session?.session);
  await run(other, 'echo typed-in-the-second-window');
  await expectLine(page, 'typed-in-the-second-window');
  await expectLine(other, 'typed-in-the-second-window');
  expect((await listSessions(page)).find((s) => s.session === session?.session)?.subscribers).toBe(2);
});

test('quitting ends every shell', async () => {
  const page = await firstWindow();
  const pids = await page.evaluate(async () => {
    const sessions = await (globalThis as unknown as PageGlobals).sluice.list();
    return (sessions as unknown as Array<{ pid: number }>).map((s) => s.pid);
  });
  expect(pids.length).toBeGreaterThan(0);
  await current().close();
  app = undefined;
  for (const pid of pids) {
    expect(() => process.kill(pid, 0), `shell ${pid} still running`).toThrow();
  }
});
