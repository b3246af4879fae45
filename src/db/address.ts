// A DATABASE_URL as postgres.js takes it. libpq, and so psql, pgbench and
// every PostgreSQL operator, names a Unix socket by its directory in the
// URL's `host` parameter (`postgres://kb@localhost/kb?host=/var/run/postgresql`,
// or with the host left empty); postgres.js takes a socket only as its
// `path` option, and would send an unknown parameter to the server as a
// setting, which the server refuses. Where PostgreSQL runs on the portal's
// own machine, its socket saved the database about a tenth of its CPU a
// Send at 200 a second against TCP on 127.0.0.1, though nothing at full
// speed (issue 18, docs/0031, stop 38).

/** The URL's scheme and user, its hosts, and the rest: a host list is no URL a parser takes. */
export const POSTGRES_URL_PARTS = /^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)([^/?#]*)(.*)$/;

export type PostgresAddress = {
  /** The URL for postgres.js, without a socket directory in it. */
  url: string;
  /**
   * The Unix socket the URL names: its file, for postgres.js's `path`
   * option, and its directory and port as libpq names them (PGHOST,
   * PGPORT: pgbench, psql).
   */
  socket?: { path: string; directory: string; port: string };
};

/** `url` as postgres.js's URL and the socket it names; unchanged if it names no socket (or is no URL). */
export function postgresAddress(url: string): PostgresAddress {
  const match = POSTGRES_URL_PARTS.exec(url);
  if (!match) return { url };
  const [, start, hosts, rest] = match as unknown as [string, string, string, string];
  // A socket goes with one server: a host list keeps its hosts.
  if (hosts.includes(',')) return { url };
  // libpq's empty host, which a URL parser refuses after a user name.
  const withHost = `${start}${hosts || 'localhost'}${rest}`;
  const parsed = URL.canParse(withHost) ? new URL(withHost) : undefined;
  const directory = parsed?.searchParams.get('host');
  if (!parsed || !directory?.startsWith('/')) return { url };
  const port = parsed.searchParams.get('port') ?? (parsed.port || '5432');
  parsed.searchParams.delete('host');
  parsed.searchParams.delete('port');
  const trimmed = directory.replace(/\/+$/, '');
  return { url: parsed.toString(), socket: { path: `${trimmed}/.s.PGSQL.${port}`, directory: trimmed || '/', port } };
}
