import { z } from 'zod';
import { parseProxyTrust, type ProxyTrust } from '#src/platform/proxy-trust.ts';
import { seedKeyFrom } from '#src/staff/seed-box.ts';
import { parseClamdUrl, type ClamdAddress } from '#src/intake/malware-scan.ts';
import { parseImapUrl, type ImapMailbox } from '#src/mail/inbox/mailbox.ts';
import { POSTGRES_URL_PARTS, postgresAddress } from '#src/db/address.ts';

// Every environment variable the portal reads, validated once. The README's
// configuration table lists the same names: keep the two in step.
const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/**
 * Whether `value` is a PostgreSQL address postgres.js can open: one host,
 * or a primary and its standbys (`postgres://u@db1:5432,db2:5432/kb?
 * target_session_attrs=primary`, README: Running on PostgreSQL), or a Unix
 * socket's directory as libpq names it (`?host=/var/run/postgresql`,
 * db/address.ts). A URL parser refuses the host list, so each host is
 * checked on its own.
 */
export function isDatabaseUrl(value: string): boolean {
  const match = POSTGRES_URL_PARTS.exec(postgresAddress(value).url);
  if (!match) return false;
  const [, start, hosts, rest] = match as unknown as [string, string, string, string];
  const each = hosts.split(',');
  if (!each.every((host) => host !== '' && URL.canParse(`${start}${host}${rest}`))) return false;
  const parameters = new URL(`${start}${each[0]}${rest}`).searchParams;
  // A host parameter left over (no directory, or beside a host list) would reach the server as a setting it refuses.
  if (parameters.has('host')) return false;
  const attrs = parameters.get('target_session_attrs');
  return attrs === null || ['read-write', 'read-only', 'primary', 'standby', 'prefer-standby'].includes(attrs);
}

const ConfigSchema = z.object({
  // Empty is refused (see readConfig): a secret that was not injected must
  // not quietly become the embedded database.
  DATABASE_URL: z
    .string()
    .refine(isDatabaseUrl, 'a postgres:// address, its hosts separated by commas, target_session_attrs one postgres.js knows')
    .optional(),
  // The connections each instance keeps for a client's form posts and Sends
  // (db/client.ts): their statements are pipelined, so one carries them all.
  DATABASE_WRITE_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(2),
  DATA_DIR: z.string().min(1).default('.data'),
  DEMO_DATA: flag.optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // A form post larger than this is refused with 413 before it is read.
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 1024 * 1024),
  // The portal's public address: every link in a letter starts with it (never
  // with the Host a request names). Required outside a demo on this machine;
  // https:// sends HSTS.
  PUBLIC_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Unset: mail is written to MAIL_DIR as .eml files instead of being sent.
  SMTP_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Klientu balss <noreply@klientu-balss.local>'),
  MAIL_DIR: z.string().min(1).optional(),
  // Accepted public form posts one client may make per hour (kept in the database; src/intake/limit.ts).
  INTAKE_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  SURVEY_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  // Confirmation e-mails one (unconfirmed) address gets in a day (src/intake/acknowledgement.ts).
  ACKNOWLEDGEMENTS_PER_ADDRESS: z.coerce.number().int().positive().default(5),
  // A request still unfinished after this gets a 503 (a lost database
  // connection must not leave a client waiting for ever).
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  // Behind reverse proxies: how many hops (or which proxy addresses) may name
  // the client in X-Forwarded-For, read from the right (src/platform/proxy-trust.ts).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const trust = parseProxyTrust(v);
      if (typeof trust === 'string') {
        ctx.addIssue({ code: 'custom', message: trust });
        return z.NEVER;
      }
      return trust;
    }),
  // SMTP refuses to send without TLS (STARTTLS or smtps://) unless this is
  // turned off on purpose, e.g. for a relay on the same machine.
  SMTP_REQUIRE_TLS: flag.optional(),
  // Seals the authenticators' seeds in the database (src/staff/seed-box.ts).
  TOTP_SEED_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const key = seedKeyFrom(v);
      if (typeof key === 'string') {
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }
      return key;
    }),
  // Issue 16: the institution's mailbox, read over IMAP. Unset: nothing is read.
  IMAP_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const mailbox = parseImapUrl(v);
      if (typeof mailbox === 'string') {
        ctx.addIssue({ code: 'custom', message: mailbox });
        return z.NEVER;
      }
      return mailbox;
    }),
  // Like SMTP_REQUIRE_TLS: imap:// must upgrade with STARTTLS unless turned off on purpose.
  IMAP_REQUIRE_TLS: flag.optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  // Mail larger than this is not downloaded: the managers are shown it, to read in the mailbox.
  IMAP_MAX_MESSAGE_MB: z.coerce.number().int().min(1).max(1024).default(40),
  // The mailbox's own address, e.g. kanceleja@iestade.lv: replies to letters
  // go to its plus-address carrying the case's token (kanceleja+…@iestade.lv).
  IMAP_ADDRESS: z
    .email()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // ClamAV's daemon, which scans every upload before it is kept (ASVS
  // 5.4.3, review M3). Unset: no scanning (a demo); production sets it.
  CLAMD_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const address = parseClamdUrl(v);
      if (typeof address === 'string') {
        ctx.addIssue({ code: 'custom', message: address });
        return z.NEVER;
      }
      return address;
    }),
});

export type Config = {
  databaseUrl: string | undefined;
  databaseWriteConnections: number;
  dataDir: string;
  /** Demo staff accounts (a published password): only when DEMO_DATA asks, and never on a public start. */
  demoData: boolean;
  host: string;
  port: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  maxRequestBytes: number;
  publicUrl: string | undefined;
  /** Where links in letters point: PUBLIC_URL, or on a loopback demo the address listened on. */
  baseUrl: string;
  /** PUBLIC_URL is https: HSTS. */
  secure: boolean;
  /** Session cookie Secure and `__Host-` (always outside loopback). */
  secureCookies: boolean;
  smtpUrl: string | undefined;
  smtpRequireTls: boolean;
  mailFrom: string;
  /** Where mail goes without SMTP_URL. */
  mailDir: string;
  /** Accepted public form posts per client per hour (D23: refused ones are refunded). */
  intakeRateLimit: number;
  /** Survey answers per client address per survey per hour (M5). */
  surveyRateLimit: number;
  /** Confirmation e-mails one address gets in a day (security review M4). */
  acknowledgementsPerAddress: number;
  /** Who may name the client's address in X-Forwarded-For. */
  trustProxy: ProxyTrust;
  requestTimeoutMs: number;
  /** Seals TOTP seeds at rest; unset, they are stored as they are. */
  totpSeedKey: Buffer | undefined;
  /** clamd, which scans uploads (M3); unset, they are kept unscanned. */
  clamd: ClamdAddress | undefined;
  /** The institution's mailbox (issue 16); unset, no mail is read. */
  imap: (ImapMailbox & { requireTls: boolean; pollMs: number; address: string | undefined; maxMessageBytes: number }) | undefined;
};

/** 127.0.0.1 (any 127/8), ::1 or localhost: nobody but this machine can reach the server. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Why a start with this environment must be refused (security review B1,
 * m1): the demo staff's password is in the README, so demo data on a server
 * others can reach hands out an administrator account; an empty
 * DATABASE_URL is a secret that did not arrive; and without PUBLIC_URL a
 * public server would have nothing but the request's Host to build links in
 * letters from.
 */
export function configurationProblems(
  env: Record<string, string | undefined>,
  c: { demoData: boolean; host: string; publicUrl: string | undefined },
): string[] {
  const problems: string[] = [];
  if (env.DATABASE_URL === '') {
    problems.push('DATABASE_URL is set but empty: give the PostgreSQL address, or unset it for the embedded database');
  }
  const https = c.publicUrl?.startsWith('https://') ?? false;
  if (c.demoData && (https || !isLoopback(c.host))) {
    problems.push(
      `DEMO_DATA: demo staff accounts have a published password and are refused on a public start (${https ? 'PUBLIC_URL is https' : `HOST ${c.host} is not a loopback address`}); turn DEMO_DATA off`,
    );
  }
  if ((https || !isLoopback(c.host)) && !env.TOTP_SEED_KEY) {
    // Every staff sign-in rests on these seeds (M2): a copy of the database
    // alone must not be enough to make codes (ASVS 13.3.1, review m4). Seeds
    // stored before the key was set stay readable, so setting it locks nobody out.
    problems.push(
      'TOTP_SEED_KEY is required on a public start (it seals the authenticators’ seeds): make one with `openssl rand -base64 32`',
    );
  }
  const demoHere = isLoopback(c.host) && (c.demoData || env.DATABASE_URL === undefined);
  if (!c.publicUrl && !demoHere) {
    problems.push('PUBLIC_URL is required (links in letters are built from it), e.g. PUBLIC_URL=https://atsauksmes.example.lv');
  }
  return problems;
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse({ ...env, DATABASE_URL: env.DATABASE_URL || undefined });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  const demoData = c.DEMO_DATA ?? false;
  const refused = configurationProblems(env, { demoData, host: c.HOST, publicUrl: c.PUBLIC_URL });
  if (refused.length > 0) throw new Error(`Invalid configuration: ${refused.join('; ')}`);
  const secure = c.PUBLIC_URL?.startsWith('https://') ?? false;
  const hostInUrl = c.HOST.includes(':') && !c.HOST.startsWith('[') ? `[${c.HOST}]` : c.HOST;
  return {
    databaseUrl: c.DATABASE_URL,
    databaseWriteConnections: c.DATABASE_WRITE_CONNECTIONS,
    dataDir: c.DATA_DIR,
    demoData,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    maxRequestBytes: c.MAX_REQUEST_BYTES,
    publicUrl: c.PUBLIC_URL,
    baseUrl: (c.PUBLIC_URL ?? `http://${hostInUrl}:${c.PORT}`).replace(/\/$/, ''),
    secure,
    secureCookies: secure || !isLoopback(c.HOST),
    smtpUrl: c.SMTP_URL,
    smtpRequireTls: c.SMTP_REQUIRE_TLS ?? true,
    mailFrom: c.MAIL_FROM,
    mailDir: c.MAIL_DIR ?? `${c.DATA_DIR}/mail`,
    intakeRateLimit: c.INTAKE_RATE_LIMIT,
    surveyRateLimit: c.SURVEY_RATE_LIMIT,
    acknowledgementsPerAddress: c.ACKNOWLEDGEMENTS_PER_ADDRESS,
    trustProxy: c.TRUST_PROXY,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    totpSeedKey: c.TOTP_SEED_KEY,
    clamd: c.CLAMD_URL,
    imap: c.IMAP_URL
      ? {
          ...c.IMAP_URL,
          requireTls: c.IMAP_REQUIRE_TLS ?? true,
          pollMs: c.IMAP_POLL_SECONDS * 1000,
          address: c.IMAP_ADDRESS,
          maxMessageBytes: c.IMAP_MAX_MESSAGE_MB * 1024 * 1024,
        }
      : undefined,
  };
}

let current: Config | undefined;
/** The configuration of this process, read on first use. */
export function config(): Config {
  current ??= readConfig();
  return current;
}

/**
 * A demo on this machine without PUBLIC_URL learns its address when it
 * listens (PORT=0 picks one): links in letters use that address, set here
 * for this process and, through the environment, for the page bundle that
 * reads its configuration on the first request.
 */
export function settleListeningAddress(host: string, port: number): void {
  if (process.env.PUBLIC_URL) return;
  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  process.env.PUBLIC_URL = `http://${hostInUrl}:${port}`;
  current = undefined;
}
