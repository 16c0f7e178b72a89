/**
 * The unit tests that mutation testing runs (stryker.config.mjs): the tests of the mutated files,
 * nothing with a PTY, a worker or a browser. A config of its own rather than Stryker's `testFiles`:
 * with `testFiles`, Stryker 9.6 activates a mutant of a module-level constant only after the module
 * has loaded, so such a mutant always "survives" (stryker-mutator/stryker-js#6144).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'tests/unit/subscription.test.ts',
      'tests/unit/subscription.property.test.ts',
      'tests/unit/broadcaster.test.ts',
      'tests/unit/flow.test.ts',
      'tests/unit/acks.test.ts',
      'tests/unit/config.test.ts',
      'tests/unit/sessionLifecycle.test.ts',
      'tests/unit/titleTracker.test.ts',
      'tests/unit/mirrorScheduler.test.ts',
    ],
  },
});
