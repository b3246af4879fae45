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
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['test/support/e2e-global-setup.ts'],
        },
      },
    ],
  },
});
