import { describe, expect, it } from 'vitest';
import { isLoopback, readConfig } from '#src/config.ts';
import { databaseTarget } from '#src/db/client.ts';
import { postgresAddress } from '#src/db/address.ts';
import { publicBaseUrl } from '#src/platform/request.ts';
import { sessionCookie } from '#src/staff/access.ts';

/** A seal for the authenticators' seeds, which every public start needs. */
const TOTP_SEED_KEY = Buffer.alloc(32, 7).toString('base64');

// Security review B1, m1, m6, m13: what a start may and may not be.
describe('the configuration a server starts with', () => {
  it('makes no demo staff unless DEMO_DATA asks for them, also on the embedded database', () => {
    expect(readConfig({}).demoData).toBe(false);
    expect(readConfig({ DEMO_DATA: '1' }).demoData).toBe(true);
  });

  it('refuses demo staff with an https PUBLIC_URL, and says why', () => {
    expect(() => readConfig({ DEMO_DATA: '1', PUBLIC_URL: 'https://atsauksmes.example.lv' })).toThrow(/DEMO_DATA.*PUBLIC_URL is https/);
  });

  it('refuses demo staff on an address others can reach', () => {
    expect(() => readConfig({ DEMO_DATA: '1', HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv' })).toThrow(
      /DEMO_DATA.*HOST 0\.0\.0\.0/,
    );
  });

  it('keeps 2 connections for the public posts unless DATABASE_WRITE_CONNECTIONS says otherwise, and names it when it is no count', () => {
    const url = 'postgres://portal@127.0.0.1/portal';
    const PUBLIC_URL = 'http://127.0.0.1:4321';
    expect(databaseTarget(readConfig({ DATABASE_URL: url, PUBLIC_URL }))).toEqual({ url, writeConnections: 2 });
    expect(databaseTarget(readConfig({ DATABASE_URL: url, PUBLIC_URL, DATABASE_WRITE_CONNECTIONS: '6' }))).toEqual({
      url,
      writeConnections: 6,
    });
    expect(databaseTarget(readConfig({ DATA_DIR: '/srv/kb' }))).toEqual({ dataDir: '/srv/kb' });
    for (const wrong of ['0', 'two', '1.5'])
      expect(() => readConfig({ DATABASE_URL: url, PUBLIC_URL, DATABASE_WRITE_CONNECTIONS: wrong })).toThrow(/DATABASE_WRITE_CONNECTIONS/);
  });

  it('takes a TOTP_SEED_KEY of 32 bytes in base64 and refuses anything else, saying how to make one', () => {
    expect(readConfig({ TOTP_SEED_KEY }).totpSeedKey?.length).toBe(32);
    expect(readConfig({}).totpSeedKey).toBeUndefined();
    expect(() => readConfig({ TOTP_SEED_KEY: 'short' })).toThrow(/openssl rand -base64 32/);
  });

  it('refuses a public start without TOTP_SEED_KEY, and takes a loopback one without it', () => {
    expect(() => readConfig({ PUBLIC_URL: 'https://a.example.lv' })).toThrow(/TOTP_SEED_KEY is required on a public start/);
    expect(() => readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv' })).toThrow(/TOTP_SEED_KEY is required/);
    expect(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv', TOTP_SEED_KEY }).host).toBe('0.0.0.0');
    expect(readConfig({ DEMO_DATA: '1' }).totpSeedKey).toBeUndefined();
  });

  it('takes CLAMD_URL as a tcp:// or unix: address, scans nothing without it, and refuses a malformed one at start', () => {
    expect(readConfig({}).clamd).toBeUndefined();
    expect(readConfig({ CLAMD_URL: '' }).clamd).toBeUndefined();
    expect(readConfig({ CLAMD_URL: 'tcp://127.0.0.1:3310' }).clamd).toEqual({ transport: 'tcp', host: '127.0.0.1', port: 3310 });
    expect(readConfig({ CLAMD_URL: 'unix:/run/clamav/clamd.ctl' }).clamd).toEqual({ transport: 'unix', path: '/run/clamav/clamd.ctl' });
    expect(() => readConfig({ CLAMD_URL: 'clamav:3310' })).toThrow(/CLAMD_URL: .*e\.g\. CLAMD_URL=tcp:\/\/127\.0\.0\.1:3310/);
  });

  it('refuses an empty DATABASE_URL instead of falling back to the embedded database', () => {
    expect(() => readConfig({ DATABASE_URL: '' })).toThrow(/DATABASE_URL is set but empty/);
  });

  it('takes a primary and its standby in one DATABASE_URL, and refuses what postgres.js could not open', () => {
    const base = { PUBLIC_URL: 'https://a.example.lv/', TOTP_SEED_KEY };
    const pair = 'postgres://kb:secret@db1.internal:5432,db2.internal:5433/kb?target_session_attrs=primary';
    expect(readConfig({ ...base, DATABASE_URL: pair }).databaseUrl).toBe(pair);
    expect(readConfig({ ...base, DATABASE_URL: 'postgresql://kb@db.internal/kb' }).databaseUrl).toBe('postgresql://kb@db.internal/kb');
    for (const wrong of [
      'db.internal:5432',
      'mysql://kb@db.internal/kb',
      'postgres://kb@db1.internal,,db2.internal/kb',
      'postgres://kb@db1.internal,db2 internal/kb',
      'postgres://kb@db1.internal,db2.internal/kb?target_session_attrs=any',
    ]) {
      expect(() => readConfig({ ...base, DATABASE_URL: wrong }), wrong).toThrow(/DATABASE_URL: a postgres:\/\/ address/);
    }
  });

  it('takes a Unix socket as libpq names it, and gives postgres.js its path (db/address.ts)', () => {
    const base = { PUBLIC_URL: 'https://a.example.lv/', TOTP_SEED_KEY };
    const named = 'postgres://kb@localhost/kb?host=/var/run/postgresql';
    const empty = 'postgresql://kb:s%40cret@/kb?host=/run/pg/&port=5433&sslmode=disable';
    for (const url of [named, empty]) expect(readConfig({ ...base, DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(postgresAddress(named)).toEqual({
      url: 'postgres://kb@localhost/kb',
      socket: { path: '/var/run/postgresql/.s.PGSQL.5432', directory: '/var/run/postgresql', port: '5432' },
    });
    expect(postgresAddress(empty)).toEqual({
      url: 'postgresql://kb:s%40cret@localhost/kb?sslmode=disable',
      socket: { path: '/run/pg/.s.PGSQL.5433', directory: '/run/pg', port: '5433' },
    });
    // A host that is no directory, a host list, TCP: postgres.js takes them as they are.
    for (const url of [
      'postgres://kb@localhost/kb?host=db.internal',
      'postgres://kb@db1.internal,db2.internal/kb?host=/var/run/postgresql',
      'postgres://kb@127.0.0.1:5432/kb',
    ])
      expect(postgresAddress(url), url).toEqual({ url });
    // An empty host names no server without a socket; a host parameter postgres.js would pass on as a setting is refused.
    for (const wrong of [
      'postgres://kb@/kb',
      'postgres://kb@localhost/kb?host=db.internal',
      'postgres://kb@db1,db2/kb?host=/var/run/postgresql',
    ])
      expect(() => readConfig({ ...base, DATABASE_URL: wrong }), wrong).toThrow(/DATABASE_URL: a postgres:\/\/ address/);
  });

  it('requires PUBLIC_URL on a public address and for PostgreSQL without demo data', () => {
    expect(() => readConfig({ HOST: '0.0.0.0' })).toThrow(/PUBLIC_URL is required/);
    expect(() => readConfig({ DATABASE_URL: 'postgres://kb@db.internal/kb' })).toThrow(/PUBLIC_URL is required/);
    expect(readConfig({ DATABASE_URL: 'postgres://kb@db.internal/kb', PUBLIC_URL: 'https://a.example.lv/', TOTP_SEED_KEY }).baseUrl).toBe(
      'https://a.example.lv',
    );
  });

  it('builds links on a demo here from its own address, never from a request', () => {
    expect(readConfig({ DEMO_DATA: '1', PORT: '4321' }).baseUrl).toBe('http://127.0.0.1:4321');
    expect(readConfig({ DEMO_DATA: '1', HOST: '::1', PORT: '8080' }).baseUrl).toBe('http://[::1]:8080');
  });

  it('marks the session cookie Secure outside loopback, even with an http PUBLIC_URL', () => {
    expect(readConfig({}).secureCookies).toBe(false);
    expect(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv', TOTP_SEED_KEY }).secureCookies).toBe(true);
    expect(readConfig({ PUBLIC_URL: 'https://a.example.lv', TOTP_SEED_KEY }).secureCookies).toBe(true);
  });

  it('requires TLS for SMTP unless turned off on purpose', () => {
    expect(readConfig({}).smtpRequireTls).toBe(true);
    expect(readConfig({ SMTP_REQUIRE_TLS: '0' }).smtpRequireTls).toBe(false);
  });

  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '10.0.0.1', 'portal.example.lv', '128.0.0.1'])('%s is not', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});

describe('links in letters', () => {
  it('never take the host a request names', () => {
    // publicBaseUrl takes no request at all; the browser suite's "a forged Host" sends one.
    expect(publicBaseUrl()).not.toContain('evil.example');
  });
});

describe('the staff session cookie', () => {
  it('is __Host- and Secure outside loopback, plain on a loopback demo', () => {
    expect(sessionCookie(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv', TOTP_SEED_KEY }))).toEqual({
      name: '__Host-kb_staff',
      secure: true,
    });
    expect(sessionCookie(readConfig({ PUBLIC_URL: 'https://a.example.lv', TOTP_SEED_KEY }))).toEqual({
      name: '__Host-kb_staff',
      secure: true,
    });
    expect(sessionCookie(readConfig({ DEMO_DATA: '1' }))).toEqual({ name: 'kb_staff', secure: false });
  });
});
