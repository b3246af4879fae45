import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClockEnvironment, rememberServerClock, TEST_NOW, withoutFakeClock } from './clock.ts';

export type RunningServer = {
  url: string;
  /** The server's time now: its clock runs on from the instant it was started at. */
  now: () => Date;
  /** Where the embedded default writes the mail it sends (MAIL_DIR). */
  mailDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
};

export type ServerOptions = {
  /**
   * The instant the server's clock starts at. On the embedded database it
   * defaults to TEST_NOW, so no expectation depends on the day the suite
   * runs. 'real' keeps the machine's clock: a server on an outside
   * PostgreSQL (whose now() the test cannot move) and the benchmarks.
   */
  clock?: Date | 'real';
};

/**
 * Where a migrated and seeded embedded database waits to be copied
 * (e2e-global-setup.ts makes it once for the browser suite). Migrating and
 * seeding took 15–25 s of each of the suite's thirty-odd server starts; a
 * copy takes well under one. Seeding still runs on every start, so a copy
 * ends up as a fresh start would.
 */
export const DATA_TEMPLATE_ENV = 'KB_TEST_DATA_TEMPLATE';

/** A fresh start's database, the same for every server on the test clock with the demo staff: these may begin from the template. */
function startsFromTemplate(env: Record<string, string>, clock: Date | 'real'): string | undefined {
  const template = process.env[DATA_TEMPLATE_ENV];
  // The template has the demo staff: only a start that asks for them (the default here) may copy it.
  if (!template || env.DATA_DIR || env.DATABASE_URL || (env.DEMO_DATA ?? '1') !== '1') return undefined;
  return clock !== 'real' && clock.getTime() === TEST_NOW.getTime() ? template : undefined;
}

/**
 * Starts the built portal (scripts/serve.ts) on a free port with its own
 * embedded database in a temporary folder, unless `env` names another.
 */
export async function startServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kb-e2e-'));
  const clock = options.clock ?? (env.DATABASE_URL ? 'real' : TEST_NOW);
  const template = startsFromTemplate(env, clock);
  if (template) cpSync(template, dataDir, { recursive: true });
  const childEnv: Record<string, string | undefined> = {
    // A clock of its own: not the one shared by a `faketime` the whole suite may run under.
    ...(clock === 'real' ? process.env : { ...withoutFakeClock(process.env), ...fakeClockEnvironment(clock) }),
    DATA_DIR: dataDir,
    // The browser suite signs in as the demo staff: it asks for them, as `npm start` does.
    DEMO_DATA: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // Every browser test posts from 127.0.0.1: the limit has its own test.
    INTAKE_RATE_LIMIT: '100000',
    // ...and many of them give the same e-mail address: the daily cap on confirmations has its own test.
    ACKNOWLEDGEMENTS_PER_ADDRESS: '100000',
    ...env,
  };
  // The embedded database unless the test names one (an empty DATABASE_URL is refused).
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['scripts/serve.ts'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last 256 KiB of what the server printed (a benchmark logs a lot).
  let output = '';
  const keep = (d: Buffer) => {
    output += d;
    if (output.length > 262_144) output = output.slice(-131_072);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let offsetMs = 0;
  const url = await new Promise<string>((resolve, reject) => {
    // A guard against a hang, not a speed limit: the first start migrates and
    // seeds the embedded database, which took over 90 s on a loaded 2-core machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 240_000);
    const onData = () => {
      const match = /"time":"([^"]+)","level":"info","event":"server.listening","url":"([^"]+)"/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // The server stamped this line with its own clock a moment ago.
        if (clock !== 'real') offsetMs = Date.parse(match[1]) - Date.now();
        resolve(match[2].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  rememberServerClock(url, offsetMs);
  return {
    url,
    now: () => new Date(Date.now() + offsetMs),
    mailDir: env.MAIL_DIR ?? join(dataDir, 'mail'),
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
