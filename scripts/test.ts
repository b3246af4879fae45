// `npm test`: builds the portal (the browser suite runs the built server),
// runs every vitest project, then runs the suites again on awkward dates
// under a faked system clock, and ends with the plain line CI reads:
// "N passed, N failed". Exits non-zero on any failure.
//
// `npm test -- <vitest arguments>` runs just what the arguments say, once,
// on the machine's clock.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const args = process.argv.slice(2);

type Counts = { passed: number; failed: number; skipped: number };

/**
 * Tests never read the real date, and these runs prove it: the whole
 * process tree (the suite, PGlite inside it, the servers it starts) is
 * given a clock by Debian's `faketime`. The database suite runs on PGlite
 * only here: a PostgreSQL server's now() keeps the machine's clock.
 */
const AWKWARD_DATES = [
  {
    at: '2027-02-01 09:00:00 +0200',
    what: 'the first working day of a month, 09:00 in Riga',
    runs: [
      ['--project', 'unit', '--project', 'db'],
      ['--project', 'e2e', 'test/e2e/quality.test.ts'],
    ],
  },
  {
    at: '2026-12-31 23:30:00 +0200',
    what: 'New Year’s Eve, 23:30 in Riga',
    runs: [['--project', 'unit', '--project', 'db']],
  },
];

function vitest(label: string, vitestArgs: string[], options: { fakeTime?: string } = {}): Counts {
  mkdirSync('test-results', { recursive: true });
  const report = `test-results/vitest-${label}.json`;
  rmSync(report, { force: true });
  const command = [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs];
  const runEnv = { ...env };
  if (options.fakeTime) delete runEnv.TEST_DATABASE_URL;
  const run = options.fakeTime
    ? spawnSync('faketime', [options.fakeTime, process.execPath, ...command], { stdio: 'inherit', env: runEnv })
    : spawnSync(process.execPath, command, { stdio: 'inherit', env: runEnv });
  try {
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numFailedTestSuites: number;
    };
    const counts = {
      passed: result.numPassedTests,
      failed: result.numFailedTests + result.numFailedTestSuites,
      skipped: result.numPendingTests + result.numTodoTests,
    };
    // A run that failed without saying which test (a crash, a bad argument) still fails.
    if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

function hasFaketime(): boolean {
  return spawnSync('faketime', ['--version'], { stdio: 'ignore' }).status === 0;
}

function finish(total: Counts): never {
  const status = total.failed > 0 || total.passed === 0 ? 1 : 0;
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(status);
}

if (!process.env.SKIP_BUILD) {
  const build = spawnSync(process.execPath, [bin('astro'), 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) finish({ passed: 0, failed: 1, skipped: 0 });
}

const total = vitest('all', args);
if (args.length === 0) {
  if (!hasFaketime()) {
    // CI installs it (.ci/run); on a laptop the main run still counts, and the gap is said plainly.
    console.log('faketime is not installed (apt-get install -y faketime): the runs on awkward dates were not made.');
    if (process.env.CI) total.failed += 1;
  } else {
    for (const date of AWKWARD_DATES) {
      for (const [i, run] of date.runs.entries()) {
        console.log(`\nOn ${date.what} (faketime '${date.at}'): vitest run ${run.join(' ')}`);
        const counts = vitest(`${date.at.slice(0, 10)}-${i}`, run, { fakeTime: date.at });
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.skipped += counts.skipped;
      }
    }
  }
}
finish(total);
