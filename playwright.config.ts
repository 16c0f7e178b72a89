/**
 * UI tests. `web`: the real renderer in Debian's Chromium against real PTYs through web mode
 * (the global setup starts `serve.ts` on the built renderer; build with `npx electron-vite build`
 * first, as `npm run test:ui` does). `electron`: the packaged app through Playwright's `_electron`
 * (tests/ui/electron.spec.ts), where an Electron binary can run.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './tests/ui/fixtures/chromium';

export default defineConfig({
  testDir: 'tests/ui',
  // Its own folder: scripts/test.mjs keeps other reports in test-results/, which Playwright
  // empties at start.
  outputDir: 'test-results/ui',
  // One at a time: each test floods or runs PTYs, and this machine has two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env['CI'],
  reporter: [
    ['list'],
    ['json', { outputFile: process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ?? 'test-results/playwright.json' }],
  ],
  globalSetup: './tests/ui/fixtures/globalSetup.ts',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testIgnore: 'electron.spec.ts',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1100, height: 700 },
        // Copy and paste go through navigator.clipboard, as in the app.
        permissions: ['clipboard-read', 'clipboard-write'],
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testMatch: 'electron.spec.ts',
    },
  ],
});
