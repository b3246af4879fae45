// Structured logs: one JSON object per line, never personal data. Paths are
// logged with private tokens masked (a status-page link is a key to a case).

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

let threshold: number = LEVELS[(process.env.LOG_LEVEL as LogLevel) ?? 'info'] ?? LEVELS.info;

export function setLogLevel(level: LogLevel): void {
  threshold = LEVELS[level];
}

export function log(level: Exclude<LogLevel, 'silent'>, event: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

// A private token is 20 or more URL-safe characters; it may share a segment
// with a suffix (a calendar feed's `<token>.ics`).
const TOKEN_RUN = /[A-Za-z0-9_-]{20,}/g;

/** A path fit for a log: no query string (its values may be personal), every token run masked. */
export function loggablePath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path.replace(TOKEN_RUN, ':token');
}

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+/g;
// An address in free text: its path's tokens masked, its query dropped.
const ADDRESS_IN_TEXT = /(?:https?:\/\/[^\s/'"]+)?\/[^\s'"]*/g;

/**
 * Free text fit for a log (another library's message, an SMTP reply): the
 * paths in it without tokens or query values, e-mail addresses and a failed
 * query's `params:` hidden.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(/params: .*/g, 'params: :hidden')
    .replace(ADDRESS_IN_TEXT, (address) => loggablePath(address))
    .replace(EMAIL, ':email');
}

function sqlState(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * An error fit for a log: its name and, for a database error, the SQLSTATE
 * only, since the driver's message quotes the values (Drizzle's `params:`,
 * PostgreSQL's `value "…" is out of range`), which may be a client's name,
 * e-mail or text (security review m2). Other messages are masked.
 */
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return maskSecrets(String(error)).slice(0, 200);
  const state = sqlState(error) ?? sqlState(error.cause);
  if (state) return `${error.name}: SQLSTATE ${state}`;
  if (error.message.startsWith('Failed query')) return `${error.name}: failed query`;
  return `${error.name}: ${maskSecrets(error.message.split('\n', 1)[0] ?? '')}`;
}

/** Where an error was thrown, for a log: the stack's frames only (the message line may quote data). */
export function loggableStack(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => maskSecrets(line.trim()))
    .join('\n');
}

/**
 * What other code prints (Astro's adapter logs `Could not render <raw path>`
 * and the error itself through console.error) goes through the same masks,
 * as a JSON line like ours. Called once by the server at start.
 */
export function routeConsoleThroughLog(): void {
  const describe = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? loggableError(a) : maskSecrets(typeof a === 'string' ? a : String(a)))).join(' ');
  const stackOf = (args: unknown[]) => loggableStack(args.find((a) => a instanceof Error));
  console.error = (...args: unknown[]) => log('error', 'server.output', { message: describe(args), stack: stackOf(args) });
  console.warn = (...args: unknown[]) => log('warn', 'server.output', { message: describe(args) });
  console.info = (...args: unknown[]) => log('info', 'server.output', { message: describe(args) });
  console.log = (...args: unknown[]) => log('info', 'server.output', { message: describe(args) });
}
