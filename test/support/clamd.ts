import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutFakeClock } from './clock.ts';

// A ClamAV daemon of the test's own (Debian's clamav-daemon; CI installs
// it): the scanning tests talk to the real thing, never a stand-in. This
// machine cannot download ClamAV's signatures, so its database holds only
// the EICAR test file's: the whole file by its MD5 (.hdb), and its bytes
// anywhere in a file (.ndb), which finds it behind a PDF header too. The
// package's own service plays no part: this clamd has its own socket,
// database and configuration, in a temporary folder.

/** The industry's harmless test "virus": every scanner reports these 68 bytes. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

const CLAMD = ['/usr/sbin/clamd', '/usr/bin/clamd'];

export type RunningClamd = {
  /** CLAMD_URL for the portal: `unix:<socket>`. */
  url: string;
  socket: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

export type ClamdOptions = {
  /** clamd's StreamMaxLength, e.g. `1K` (its default is 100M). */
  streamMaxLength?: string;
};

/** Whether clamd answers PING with PONG on `socket`. */
export function pingClamd(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const connection = net.createConnection(socket);
    connection.setTimeout(2000, () => connection.destroy());
    connection.on('connect', () => connection.write('zPING\0'));
    connection.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\0')) connection.end();
    });
    connection.on('error', () => resolve(false));
    connection.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

/** Starts clamd on a unix socket in a temporary folder; resolves once it answers PING. */
export async function startClamd(options: ClamdOptions = {}): Promise<RunningClamd> {
  const binary = CLAMD.find((path) => existsSync(path));
  // Not a skip: a machine without clamd would pass the suite without the proof.
  if (!binary) throw new Error('clamd is not installed: apt-get install -y clamav-daemon (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'kb-clamd-'));
  const db = join(dir, 'db');
  mkdirSync(db);
  const md5 = createHash('md5').update(EICAR).digest('hex');
  writeFileSync(join(db, 'eicar.hdb'), `${md5}:${EICAR.length}:Eicar-Test-Signature\n`);
  writeFileSync(join(db, 'eicar.ndb'), `Eicar-Body:0:*:${EICAR.toString('hex')}\n`);
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  // As root clamd keeps running as root (no `User` line): enough for a
  // socket in a folder of the test's own. No bytecode database is needed.
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${db}`,
      'Bytecode no',
      ...(options.streamMaxLength ? [`StreamMaxLength ${options.streamMaxLength}`] : []),
      '',
    ].join('\n'),
  );
  // The real clock: clamd is a server of its own, not the portal under test.
  const child = spawn(binary, ['-c', conf], { env: withoutFakeClock(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Up to 60 s, counted in tries of 100 ms: tests never read the clock (docs/0008).
  for (let tries = 0; !(await pingClamd(socket)); tries++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`clamd exited before it answered:\n${output}`);
    }
    if (tries >= 600) {
      await stop();
      throw new Error(`clamd did not answer PING within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `unix:${socket}`, socket, process: child, output: () => output, stop };
}
