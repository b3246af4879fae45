import { mkdirSync } from 'node:fs';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema.ts';
import type { Config } from '#src/config.ts';
import { postgresAddress } from './address.ts';

/** One handle type for both engines: PostgreSQL (postgres.js) and PGlite. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The rows of `db.execute(sql…)`: postgres.js gives an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

const preparedStatements = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement the portal runs on every public post, built by Drizzle once
 * per database handle and then run with its values (a prepared query with
 * placeholders): building a statement anew took about a tenth of the
 * server's time in a form post (issue 18, docs/0031). One name, one shape;
 * `build` gets the name for Drizzle's `.prepare()`.
 */
export function preparedOnce<T>(db: object, name: string, build: (name: string) => T): T {
  let byName = preparedStatements.get(db);
  if (!byName) preparedStatements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) byName.set(name, (statement = build(name)));
  return statement;
}

const dialect = new PgDialect();

/**
 * preparedOnce for a statement Drizzle's builders cannot say (data-modifying
 * CTEs: the form's first post, intake/queries.ts): written with
 * `sql.placeholder`s, turned into SQL text once per handle, then run with
 * its values. Building such a statement anew was about a twentieth of a
 * form post's server time (issue 18).
 */
export function preparedSql<Row>(db: Database, name: string, build: () => SQL): (values: Record<string, unknown>) => Promise<Row[]> {
  return preparedOnce(db, name, () => {
    const statement = db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false);
    return async (values: Record<string, unknown>) => rowsOf<Row>(await statement.execute(values));
  });
}

export type OpenDatabase = {
  db: Database;
  /**
   * The same database for a client's posts that write single rows by their
   * keys (a form's usual first post, the Send on the check page): on
   * PostgreSQL through connections of their own that keep generic plans
   * (see openDatabase); on PGlite the same handle as `db`.
   */
  clientWrites: Database;
  engine: 'postgres' | 'pglite';
  /**
   * Runs `work` while holding a cluster-wide advisory lock, so that of several
   * instances only one does it at a time (migrations, seeding).
   */
  exclusively: <T>(key: number, work: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

export type DatabaseTarget =
  /** `writeConnections`: the size of the pool for a client's writes (OpenDatabase.clientWrites), 2 unless given. */
  | { url: string; writeConnections?: number }
  /** A folder on disk, or 'memory://' for tests. */
  | { dataDir: string };

/** The database the configuration names: DATABASE_URL, else the embedded one in DATA_DIR. */
export function databaseTarget(c: Pick<Config, 'databaseUrl' | 'databaseWriteConnections' | 'dataDir'>): DatabaseTarget {
  return c.databaseUrl ? { url: c.databaseUrl, writeConnections: c.databaseWriteConnections } : { dataDir: c.dataDir };
}

/**
 * Opens the database: a URL → PostgreSQL through postgres.js; otherwise the
 * embedded PGlite in a data folder. Each driver is imported only when used,
 * so a production server never loads PGlite's WASM.
 */
/**
 * Seconds before the pool's next connection attempt after `failures` failed
 * ones in a row: 50 ms doubling, never more than one second, jittered so
 * that the instances behind a proxy do not knock in step.
 */
export function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 1) * (0.5 + Math.random() / 2);
}

export type OpenOptions = {
  /** Called as each statement is sent (PostgreSQL only): the Send profile counts them (bench/send-profile.ts). */
  onQuery?: (query: string) => void;
};

/**
 * postgres.js sends a statement that has parameters and is not yet prepared
 * on its connection in two round trips (parse and describe, wait for the
 * parameter types, then bind and execute), and Drizzle asks for unprepared
 * statements unless a query is given a name. Prepared, each statement's
 * second and later runs on a connection take one round trip and no parsing
 * (issue 18's Send profile, docs/0031). The statements are
 * Drizzle's, a few dozen shapes; a connection keeps them until it is
 * replaced (postgres.js's max_lifetime, 30 to 60 minutes).
 */
type Client = {
  unsafe: (query: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
  begin: (...args: unknown[]) => unknown;
  savepoint: (...args: unknown[]) => unknown;
};
export function preparingStatements<T extends object>(client: T): T {
  // A transaction's or savepoint's handle is prepared in the same way.
  const inner =
    (method: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const work = args.at(-1) as (tx: object) => unknown;
      return (client as unknown as Client)[method](...args.slice(0, -1), (tx: object) => work(preparingStatements(tx)));
    };
  return new Proxy(client, {
    get(target, name, receiver) {
      if (name === 'unsafe')
        return (query: string, params?: unknown[], options?: object) =>
          (target as unknown as Client).unsafe(query, params, { ...options, prepare: true });
      if (name === 'begin' || name === 'savepoint') return inner(name);
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenDatabase> {
  if ('url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    // A Unix socket named as libpq names it (db/address.ts).
    const { url, socket } = postgresAddress(target.url);
    const connect = (max: number, planCacheMode: 'force_custom_plan' | 'auto') =>
      postgres(url, {
        ...(socket ? { path: socket.path } : {}),
        max,
        onnotice: () => {},
        // Europe/Riga dates are computed in code; the session stays in UTC.
        connection: { TimeZone: 'UTC', plan_cache_mode: planCacheMode },
        // postgres.js counts failed connects across the whole pool and waits up
        // to 20 s before the next try, so after a 2-second restart the portal
        // kept answering 503 for ten more seconds. Capped at one second, a
        // restarted database is found again within a second, and a request
        // meanwhile gets its 503 quickly instead of waiting out the backoff.
        backoff: reconnectDelaySeconds,
        ...(options.onQuery ? { debug: (_connection: number, query: string) => options.onQuery!(query) } : {}),
      });
    // The main pool's prepared statements (preparingStatements) are still
    // planned for their values each time, as unprepared ones were: a
    // generic plan could suit one value of a skewed column (a status, a
    // date range) in a list or a report and not another; what preparing
    // saves there is the parse and a round trip.
    const client = connect(10, 'force_custom_plan');
    // A Send's statements (and a form's first post: its counters and its
    // draft) read and write single rows by their keys, and each
    // new case's history, letter and files check their foreign keys: the
    // same plan suits every value. Planned anew for every Send (the main
    // pool's force_custom_plan, which also reaches the foreign-key checks
    // PostgreSQL runs inside) they cost the database about a fifth of its
    // time per Send; PostgreSQL's own default (auto) keeps a generic plan
    // where it costs no more (issue 18, docs/0031). Opened on first use.
    //
    // Two connections unless DATABASE_WRITE_CONNECTIONS says otherwise:
    // postgres.js pipelines the statements of concurrent posts on a busy
    // connection, several in one write, and the database runs them back to
    // back. With ten, each Send woke a backend of its own (docs/0031, stop
    // 35: 306-420 Sends a second on two cores, against 551-576 with one).
    // With one, every commit waited for its flush to disk with all the
    // statements queued behind it: the backend spent a third of its time in
    // that wait (stop 36); with two, one runs statements while the other
    // waits. The numbering after a Send, which waits for its commit and for
    // any other numbering's lock, runs on the main pool instead
    // (intake/send-post.ts). A statement waiting for a lock still holds up
    // those queued behind it: these are single statements (no transaction
    // holds this pool's connection), so the wait lasts as long as the
    // holder's statement or short transaction. More throughput comes from
    // more instances, each a Node process of its own.
    const clientWrites = connect(target.writeConnections ?? 2, 'auto');
    return {
      db: drizzle(preparingStatements(client), { schema }) as unknown as Database,
      clientWrites: drizzle(preparingStatements(clientWrites), { schema }) as unknown as Database,
      engine: 'postgres',
      exclusively: async (key, work) => {
        const connection = await client.reserve();
        try {
          await connection`select pg_advisory_lock(${key})`;
          return await work();
        } finally {
          await connection`select pg_advisory_unlock(${key})`;
          connection.release();
        }
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), clientWrites.end({ timeout: 5 })]);
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { drizzle } = await import('drizzle-orm/pglite');
  // PGlite does not create parent folders; never open one folder from two
  // processes (it has no lock).
  if (!target.dataDir.startsWith('memory://')) mkdirSync(target.dataDir, { recursive: true });
  const client = await PGlite.create(target.dataDir, { extensions: { btree_gist } });
  await client.exec(`set time zone 'UTC'`);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    clientWrites: db,
    engine: 'pglite',
    // One process, one connection: nothing else can run at the same time.
    exclusively: (_key, work) => work(),
    close: () => client.close(),
  };
}

// The server process opens the database once (scripts/serve.ts) and the
// bundled pages find the same handle here: the bundle and the script load
// this module separately, so the handle lives on a global symbol.
const SHARED = Symbol.for('klientu-balss.database');
type Holder = { [SHARED]?: Promise<OpenDatabase> };

export function shareDatabase(open: Promise<OpenDatabase>): void {
  (globalThis as Holder)[SHARED] = open;
}

/** The process-wide database, opened from the configuration on first use. */
export async function database(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[SHARED]) {
    const { config } = await import('#src/config.ts');
    const c = config();
    holder[SHARED] = openDatabase(databaseTarget(c));
  }
  return (await holder[SHARED]).db;
}

/** The process-wide database's handle for a client's single-row writes: the form's first post, the Send (OpenDatabase.clientWrites). */
export async function clientWritesDatabase(): Promise<Database> {
  await database();
  return (await (globalThis as Holder)[SHARED]!).clientWrites;
}

export async function closeSharedDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const open = holder[SHARED];
  delete holder[SHARED];
  if (open) await (await open).close();
}
