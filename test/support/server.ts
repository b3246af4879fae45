import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RunningServer = {
  url: string;
  /** Where the embedded default writes the mail it sends (MAIL_DIR). */
  mailDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
};

/**
 * Starts the built portal (scripts/serve.ts) on a free port with its own
 * embedded database in a temporary folder, unless `env` names another.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kb-e2e-'));
  const child = spawn(process.execPath, ['scripts/serve.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // Every browser test posts from 127.0.0.1: the limit has its own test.
      INTAKE_RATE_LIMIT: '100000',
      ...env,
    },
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
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = () => {
      const match = /"event":"server.listening","url":"([^"]+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
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
