#!/usr/bin/env node
// The whole test suite, as the README and .ci/run run it: build the app, run the Node tests
// (vitest: real PTYs, real ports) and the UI tests (Playwright: the real renderer in Chromium
// against real PTYs through web mode), then print one line that sums both up:
//   Tests: N passed, N failed, N skipped
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const only = process.argv[2]; // 'unit' or 'ui' to run one half
mkdirSync('test-results', { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

if (only !== 'ui') {
  const status = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ]);
  if (existsSync('test-results/vitest.json')) {
    const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // A suite that failed to load counts as a failure even though no test inside it ran.
    totals.failed += report.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  } else {
    totals.failed += 1;
  }
  if (status !== 0) exitCode = 1;
}

if (only !== 'unit') {
  if (run('npx', ['electron-vite', 'build']) !== 0) {
    console.error('test: the build failed; the UI tests cannot run');
    totals.failed += 1;
    exitCode = 1;
  } else {
    const status = run('npx', ['playwright', 'test', '--project=web'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
      PW_TEST_REPORTER_LIST: '1',
    });
    if (existsSync('test-results/playwright.json')) {
      const stats = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')).stats;
      totals.passed += stats.expected + stats.flaky;
      totals.failed += stats.unexpected;
      totals.skipped += stats.skipped;
    } else {
      totals.failed += 1;
    }
    if (status !== 0) exitCode = 1;
  }
}

console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode || (totals.failed > 0 ? 1 : 0));
