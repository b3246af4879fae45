import { rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { clusterHome, freePort, serverOptions } from './private-postgres.ts';

// A primary and a synchronous standby of the test's own, made from the
// machine's PostgreSQL installation as the fault test's single cluster is:
// the shape README's deployment section asks an operator for. A commit is
// acknowledged only once the standby has applied it (remote_apply), so
// whatever the portal confirmed is on the standby when the primary dies.

export type PostgresPair = {
  /** Both hosts, the primary first; postgres.js connects only to the one that is not in recovery. */
  url: string;
  primaryUrl: string;
  standbyUrl: string;
  /** The primary dies as in a crash: `pg_ctl stop -m immediate`, no shutdown checkpoint. */
  killPrimary: () => Promise<void>;
  /** The operator's (or Patroni's) step: the standby leaves recovery and takes writes. */
  promoteStandby: () => Promise<void>;
  destroy: () => Promise<void>;
};

const STANDBY_NAME = 'standby1';

export async function startPostgresPair(): Promise<PostgresPair> {
  const { dir, run } = clusterHome();
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primary = join(dir, 'primary');
  const standby = join(dir, 'standby');
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
  const pgCtl = (data: string, ...args: string[]) => run('pg_ctl', ['-D', data, '-w', '-t', '30', ...args]);
  const started: string[] = [];
  const destroy = async () => {
    for (const data of started) {
      await pgCtl(data, '-m', 'immediate', 'stop').catch(() => {
        // already stopped
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // initdb's pg_hba.conf lets replication connections from 127.0.0.1 in
    // (trust, as every connection to a test cluster); wal_level is replica
    // by default.
    await run('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await pgCtl(primary, '-o', serverOptions(primaryPort, dir), '-l', join(dir, 'primary.log'), 'start');
    started.push(primary);
    const admin = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe('create role replicator with replication login');
      // The standby copies the primary as it is now; its connection string
      // (-R) names it standby1, the name the primary waits for.
      await run('pg_basebackup', [
        '-D',
        standby,
        '-d',
        `host=127.0.0.1 port=${primaryPort} user=replicator application_name=${STANDBY_NAME}`,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ]);
      await pgCtl(standby, '-o', serverOptions(standbyPort, dir), '-l', join(dir, 'standby.log'), 'start');
      started.push(standby);
      // Only now does the primary wait for the standby: set earlier, every
      // commit would have hung while there was none, and the standby's copy
      // would carry the setting into its own term as primary.
      await admin.unsafe(`alter system set synchronous_standby_names = '${STANDBY_NAME}'`);
      await admin.unsafe(`alter system set synchronous_commit = 'remote_apply'`);
      await admin.unsafe('select pg_reload_conf()');
      for (let i = 0; ; i++) {
        const rows = await admin`select sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`;
        if (rows[0]?.sync_state === 'sync') break;
        if (i > 100) throw new Error(`the standby is not synchronous: ${JSON.stringify(rows)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await admin.end();
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/postgres?target_session_attrs=primary`,
    primaryUrl,
    standbyUrl,
    killPrimary: async () => {
      await pgCtl(primary, '-m', 'immediate', 'stop');
    },
    promoteStandby: async () => {
      await pgCtl(standby, 'promote');
    },
    destroy,
  };
}
