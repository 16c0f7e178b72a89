// @ts-check
/**
 * Mutation testing of the pure core (issue 6, point 9): Stryker changes one operator, condition or
 * constant at a time in these files and runs their unit tests; a change that no test notices is a
 * line the tests do not really check. `npm run test:mutation` runs it and fails if any file here
 * scores below 90 % (scripts/mutation.mjs; Stryker's own `thresholds.break` is for the total only).
 *
 * Only plain classes and functions, and only their unit tests: no PTY, no worker, no UI suite, so
 * a run takes minutes on two cores, not hours.
 */

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the unit tests of these files (see there why not Stryker's `testFiles`); all of them in the
  // first run, and then for each mutant only the tests that ran its code.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'src/main/broadcast/subscription.ts',
    'src/main/broadcast/broadcaster.ts',
    'src/shared/flow.ts',
    'src/shared/acks.ts',
    'src/main/config.ts',
    'src/main/sessionLifecycle.ts',
    'src/main/titleTracker.ts',
    'src/main/foregroundPoller.ts',
    'src/main/mirror/mirrorScheduler.ts',
  ],
  // Each mutant runs only the tests that executed its code in the first, unmutated run.
  coverageAnalysis: 'perTest',
  // The machine has two cores and other test runs share them.
  concurrency: 2,
  // Type errors that a mutant creates are not the point here; the tests are.
  disableTypeChecks: 'src/**/*.ts',
  // Everything Stryker writes goes under test-results/, which git, eslint and prettier already skip.
  tempDirName: 'test-results/stryker-tmp',
  // The sandbox needs the sources, the tests and the configs, not the docs, bench or build output.
  ignorePatterns: ['bench', 'docs', 'out', 'dist', '.tsbuild', 'playwright-report', '.ci'],
  // `npm run test:mutation -- --incremental` re-tests only the mutants whose code or tests changed.
  incrementalFile: 'test-results/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // The per-file 90 % is enforced by scripts/mutation.mjs; these only colour Stryker's own table.
  thresholds: { high: 95, low: 90, break: null },
};
