import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

// A PostgreSQL server of the test's own, made from the machine's PostgreSQL
// installation (the one CI's TEST_DATABASE_URL server runs on), so a fault
// test can really stop and start it under load without touching the shared
// server other suites use. PostgreSQL refuses to run as root: as root, the
// cluster belongs to the `postgres` system user.

export type PrivatePostgres = {
  url: string;
  /** The same server through its Unix socket, named as libpq names it (db/address.ts). */
  socketUrl: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  destroy: () => Promise<void>;
};

/** A temporary folder for clusters, and a way to run PostgreSQL's tools on it. */
export type ClusterHome = {
  dir: string;
  run: (tool: string, args: string[]) => Promise<string>;
};

function binDir(): string {
  return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function clusterHome(): ClusterHome {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kb-pg-'));
  if (asRoot) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const run = async (tool: string, args: string[]) => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    return (await promisify(execFile)(command, argv, { encoding: 'utf8', timeout: 60_000 })).stdout;
  };
  return { dir, run };
}

/**
 * `pg_ctl` options for a cluster on `port` with its socket in `dir`. fsync
 * off: a test cluster, stopped on purpose, whose machine never crashes.
 */
export function serverOptions(port: number, dir: string): string {
  return `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const { dir, run } = clusterHome();
  const port = await freePort();
  const data = join(dir, 'data');
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const start = async () => {
    await run('pg_ctl', ['-D', data, '-o', serverOptions(port, dir), '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  const stop = async () => {
    await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@localhost:${port}/postgres?host=${dir}`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => {
        // already stopped
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
