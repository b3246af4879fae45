import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { withoutFakeClock } from './clock.ts';

// A Dovecot IMAP server of the test's own (Debian's dovecot-imapd; CI
// installs it): the mailbox tests read a real server, never a stand-in.
// Everything is in a temporary folder: its configuration, one user from a
// passwd-file, the mail as a Maildir, and it runs as the current user on a
// port of its own. The package's own service plays no part.

const DOVECOT = ['/usr/sbin/dovecot', '/usr/bin/dovecot'];

export type RunningDovecot = {
  port: number;
  user: string;
  password: string;
  /** IMAP_URL for the portal: plain IMAP on loopback (IMAP_REQUIRE_TLS off). */
  url: string;
  /** Puts a message in the inbox (IMAP APPEND), as a mail server's delivery would. */
  deliver: (raw: string | Buffer, options?: { folder?: string; arrivedAt?: Date }) => Promise<void>;
  /** A logged-in client for a test's own look at the mailbox. */
  client: () => Promise<ImapFlow>;
  /** Stops the server and keeps its mail: `start` brings the same mailbox back on the same port. */
  stopServer: () => Promise<void>;
  start: () => Promise<void>;
  output: () => string;
  stop: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let greeting = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (d) => {
      greeting += d.toString('latin1');
      if (greeting.includes('\r\n')) socket.end();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(greeting.startsWith('* OK')));
  });
}

/** Starts Dovecot on a free loopback port; resolves once it greets. */
export async function startDovecot(): Promise<RunningDovecot> {
  const binary = DOVECOT.find((path) => existsSync(path));
  // Not a skip: a machine without Dovecot would pass the suite without the proof.
  if (!binary) throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'kb-dovecot-'));
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  if (userInfo().uid === 0) chmodSync(join(dir, 'mail'), 0o777);
  const port = await freePort();
  const me = userInfo();
  const user = 'kanceleja';
  const password = 'iesutne-parole';
  // Dovecot's auth process (an unprivileged user when started as root) reads
  // the passwd-file: the folder may be passed through, the file read. A test
  // password, nothing to keep secret.
  chmodSync(dir, 0o711);
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      // As the current user. Dovecot's login, auth and mail processes refuse
      // root: as root (CI) they keep the package's own unprivileged users
      // (dovenull, dovecot); as anyone else they run as that user.
      ...(me.uid === 0 ? [] : [`default_internal_user = ${me.username}`, `default_login_user = ${me.username}`]),
      'first_valid_uid = 0',
      'first_valid_gid = 0',
      `mail_location = maildir:${join(dir, 'mail')}/%u`,
      `passdb {\n  driver = passwd-file\n  args = ${join(dir, 'users')}\n}`,
      // Dovecot never keeps mail as root: as root the mail belongs to the package's `dovecot` user.
      `userdb {\n  driver = static\n  args = uid=${me.uid === 0 ? 'dovecot' : me.uid} gid=${me.uid === 0 ? 'dovecot' : me.gid} home=${join(dir, 'mail')}/%u\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      'service stats {\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let printed = '';
  // What Dovecot said: its own log file, and anything it printed before it had one.
  const output = () => {
    const logFile = join(dir, 'dovecot.log');
    return printed + (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  };
  let exited: Promise<void> = Promise.resolve();
  const stopServer = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    // Dovecot's own processes end with the master; wait until the port is closed.
    // Up to 10 s, counted in tries: tests never read the clock (docs/0008).
    for (let tries = 0; tries < 200 && (await answers(port)); tries++) await new Promise((r) => setTimeout(r, 50));
  };
  const start = async () => {
    // -F: in the foreground, so the test owns the process. The real clock: Dovecot is not the portal under test.
    const running = spawn(binary, ['-F', '-c', conf], { env: withoutFakeClock(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    running.stdout!.on('data', (d: Buffer) => (printed += d));
    running.stderr!.on('data', (d: Buffer) => (printed += d));
    exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // Up to 30 s, counted in tries of 50 ms.
    for (let tries = 0; !(await answers(port)); tries++) {
      if (running.exitCode !== null || running.signalCode !== null) throw new Error(`Dovecot exited before it answered:\n${output()}`);
      if (tries >= 600) throw new Error(`Dovecot did not answer within 30 s:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const client = async () => {
    const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await imap.connect();
    return imap;
  };
  const deliver = async (raw: string | Buffer, options: { folder?: string; arrivedAt?: Date } = {}) => {
    const imap = await client();
    try {
      // The arrival (INTERNALDATE) may be set: a server under a test clock must not see mail from its future.
      await imap.append(options.folder ?? 'INBOX', raw, [], options.arrivedAt);
    } finally {
      await imap.logout();
    }
  };
  try {
    await start();
  } catch (error) {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    deliver,
    client,
    stopServer,
    start,
    output,
    stop: async () => {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
