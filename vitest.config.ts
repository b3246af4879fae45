import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three suites: pure rules (unit), queries on PGlite and PostgreSQL (db),
// and the built server in Chromium (e2e). Each can run alone:
// `npx vitest run --project unit`.
export default defineConfig({
  test: {
    // Vitest's default leaves one core idle: on CI's two cores that ran the
    // unit and database files one at a time. Their files share nothing (each
    // makes its own database), so two run side by side; the browser suite
    // stays one file at a time (fileParallelism below).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // A few rules load dictionaries (zxcvbn) on first use; with two files
          // at a time on a busy machine that can pass vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'db',
          include: ['test/db/**/*.test.ts'],
          // Many tests submit with the same e-mail on whatever day the clock
          // says: the daily cap on confirmations has its own test, with its
          // own limit, so it cannot depend on which date the suite runs.
          env: { ACKNOWLEDGEMENTS_PER_ADDRESS: '100000' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Generous: axe alone takes 3 s a page on a slow 2-core machine, and a
          // journey checks a dozen pages. Limits guard against hangs, not speed
          // (speed is for the benchmarks).
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
    ],
  },
});
