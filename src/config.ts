import { z } from 'zod';
import { parseProxyTrust, type ProxyTrust } from '#src/platform/proxy-trust.ts';

// Every environment variable the portal reads, validated once. The README's
// configuration table lists the same names: keep the two in step.
const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const ConfigSchema = z.object({
  DATABASE_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
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
  // Set when the portal is served over HTTPS (directly or behind a proxy):
  // marks cookies Secure and sends HSTS.
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
  // Public form posts one client may make per hour (kept in the database).
  INTAKE_RATE_LIMIT: z.coerce.number().int().positive().default(30),
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
});

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo staff accounts and demo cases: on for the embedded default only unless DEMO_DATA says otherwise. */
  demoData: boolean;
  host: string;
  port: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  maxRequestBytes: number;
  publicUrl: string | undefined;
  secure: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where mail goes without SMTP_URL. */
  mailDir: string;
  /** Public form posts per client per hour. */
  intakeRateLimit: number;
  /** Who may name the client's address in X-Forwarded-For. */
  trustProxy: ProxyTrust;
  requestTimeoutMs: number;
};

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    demoData: c.DEMO_DATA ?? c.DATABASE_URL === undefined,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    maxRequestBytes: c.MAX_REQUEST_BYTES,
    publicUrl: c.PUBLIC_URL,
    secure: c.PUBLIC_URL?.startsWith('https://') ?? false,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    mailDir: c.MAIL_DIR ?? `${c.DATA_DIR}/mail`,
    intakeRateLimit: c.INTAKE_RATE_LIMIT,
    trustProxy: c.TRUST_PROXY,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
  };
}

let current: Config | undefined;
/** The configuration of this process, read on first use. */
export function config(): Config {
  current ??= readConfig();
  return current;
}
