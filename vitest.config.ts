import { defineConfig } from 'vitest/config';

// Three suites: pure rules (unit), queries on PGlite and PostgreSQL (db),
// and the built server in Chromium (e2e). Each can run alone:
// `npx vitest run --project unit`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
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
