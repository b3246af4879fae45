// `npm test`: builds the portal (the browser suite runs the built server),
// runs every vitest project, and ends with the plain line CI reads:
// "N passed, N failed". Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const args = process.argv.slice(2);

if (!process.env.SKIP_BUILD) {
  const build = spawnSync(process.execPath, [bin('astro'), 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(build.status ?? 1);
  }
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { stdio: 'inherit', env },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  passed = result.numPassedTests;
  failed = result.numFailedTests + result.numFailedTestSuites;
  skipped = result.numPendingTests + result.numTodoTests;
} catch {
  failed = 1;
}
const status = run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status);
