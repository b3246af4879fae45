// Starts the built portal: prepares the database, then serves the Astro
// handler on our own HTTP server so that shutdown can finish in-flight
// requests before the database closes. Run `npm run build` first (npm start
// does both).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { prepareDatabase } from '#src/server/startup.ts';
import { closeSharedDatabase } from '#src/db/client.ts';
import { log, loggableError, loggablePath, loggableStack, routeConsoleThroughLog, setLogLevel } from '#src/platform/log.ts';
import { config, isLoopback, settleListeningAddress, type Config } from '#src/config.ts';
import { folderTransport, smtpTransport } from '#src/mail/transport.ts';
import { startMailWorker } from '#src/mail/worker.ts';
import { addressOf, mailboxName } from '#src/mail/inbox/mailbox.ts';
import { malwareScanner } from '#src/intake/malware-scan.ts';
import { isDriverWriteAfterClose } from '#src/platform/failures.ts';
import { securityHeaders } from '#src/platform/security-headers.ts';
import { staticFiles } from '#src/server/static-files.ts';
import { ALLOWED_METHODS, isAllowedMethod, reasonPhrase, withCharset } from '#src/server/http-basics.ts';
import { fileURLToPath } from 'node:url';
import { clientAddressBehind } from '#src/platform/proxy-trust.ts';
import { clientKey } from '#src/platform/rate-limit.ts';

// `npm start` is the demo on this machine: it asks for demo data itself
// (nobody else gets it without DEMO_DATA=1), only on the embedded database.
if (process.argv.includes('--demo') && !process.env.DATABASE_URL && process.env.DEMO_DATA === undefined) process.env.DEMO_DATA = '1';

let c: Config;
try {
  c = config();
} catch (error) {
  // A configuration that must not serve (demo staff on a public address, an
  // empty DATABASE_URL, no PUBLIC_URL) stops here, saying why.
  log('error', 'server.refused', { reason: error instanceof Error ? error.message : String(error) });
  process.exit(2);
}
setLogLevel(c.logLevel);
// Astro's adapter prints raw request paths and whole errors: masked like ours.
routeConsoleThroughLog();

const entry = new URL('../dist/server/entry.mjs', import.meta.url);
if (!existsSync(entry)) {
  log('error', 'server.not_built', { hint: 'run `npm run build` first' });
  process.exit(1);
}

const { seeded, open, autovacuumOff } = await prepareDatabase(c);
log('info', 'database.ready', { engine: open.engine, ...seeded });
if (autovacuumOff) {
  log('warn', 'database.autovacuum_off', {
    hint: "turn PostgreSQL's autovacuum on: without it every table and index keeps its dead rows (README, deployment)",
  });
}
// Uploads reach officials unscanned without clamd (review M3): fine for a
// demo, said loudly on a start others can reach.
if (!c.clamd && (c.secure || !isLoopback(c.host))) {
  log('warn', 'attachments.not_scanned', { hint: 'set CLAMD_URL to a clamd kept current by freshclam (README, Configuration)' });
}

// Astro's adapter in middleware mode: the pages only; the static files are
// ours to serve (platform/static-files.ts).
const { handler } = (await import(entry.href)) as {
  handler: (req: http.IncomingMessage, res: http.ServerResponse, next: undefined, locals: Partial<App.Locals>) => Promise<void>;
};
const files = staticFiles(fileURLToPath(new URL('../dist/client/', import.meta.url)));

const staticHeaders = securityHeaders({ secure: c.secure });
const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  // Filled in by the pages' middleware (the staff gate names who asked), read back for the request line.
  const requestLog: App.RequestLog = { requestId: randomUUID() };
  res.on('finish', () => {
    // Who and from where, so an incident can be traced to a source (ASVS
    // 16.2.1, security review m14): the address as the rate limits key it
    // (a hash, not the address), the staff person by id.
    const forwarded = req.headers['x-forwarded-for'];
    const address = clientAddressBehind(
      c.trustProxy,
      req.socket.remoteAddress ?? 'unknown',
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
    );
    log('info', 'request', {
      requestId: requestLog.requestId,
      method: req.method,
      path: loggablePath(req.url ?? '/'),
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      client: clientKey('address', address),
      ...(requestLog.staffId === undefined ? {} : { staffId: requestLog.staffId }),
    });
  });
  // Static files never reach Astro's middleware: they get the same headers here
  // (a page's own, set later by the middleware, take their place).
  for (const [name, value] of Object.entries(staticHeaders)) res.setHeader(name, value);
  // The status line and the character set, whoever answers (a page, the
  // 404 rewrite, Astro's 500): Astro copies a Response's statusText, `OK`
  // on a page that set 404, and pages come as bare `text/html`.
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    if (typeof rest[0] !== 'string') this.statusMessage = reasonPhrase(status);
    const headers = rest.find((r) => typeof r === 'object' && r !== null && !Array.isArray(r)) as Record<string, unknown> | undefined;
    for (const name of Object.keys(headers ?? {})) {
      if (name.toLowerCase() === 'content-type' && typeof headers![name] === 'string')
        headers![name] = withCharset(headers![name] as string);
    }
    const own = this.getHeader('content-type');
    if (typeof own === 'string') this.setHeader('content-type', withCharset(own));
    return (writeHead as (...a: unknown[]) => http.ServerResponse).call(this, status, ...rest);
  } as typeof res.writeHead;
  // Only the methods the portal answers reach Astro: undici's Request
  // refuses TRACE, which was a 500 with a stack in the log.
  if (!isAllowedMethod(req.method)) {
    res.writeHead(405, { Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed.');
    return;
  }
  const url = req.url ?? '/';
  try {
    decodeURI(url);
  } catch {
    res.writeHead(400).end('Bad request.');
    return;
  }
  const file = req.method === 'GET' || req.method === 'HEAD' ? files.fileFor(url.split(/[?#]/, 1)[0]!) : undefined;
  if (file) files.serve(req, res, file);
  else void handler(req, res, undefined, { requestLog });
});
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;

server.listen(c.port, c.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : c.port;
  settleListeningAddress(c.host, port);
  log('info', 'server.listening', { url: `http://${c.host}:${port}/`, engine: open.engine, demo: c.demoData });
});

// The outbox worker: every instance runs one; SKIP LOCKED keeps them from
// sending one message twice.
const transport = c.smtpUrl ? smtpTransport(c.smtpUrl, { requireTls: c.smtpRequireTls }) : folderTransport(c.mailDir);
const messageIdDomain = c.publicUrl ? new URL(c.publicUrl).hostname : 'klientu-balss.local';
const mailWorker = startMailWorker(open.db, transport, {
  from: c.mailFrom,
  messageIdDomain,
  // Replies to letters about a case go to the mailbox the portal reads.
  caseReplyAddress: c.imap?.address,
});
log('info', 'mail.worker_started', { transport: transport.describe });
// The jobs translate their messages: the locale files are read from disk
// first, as this process runs outside the Vite bundle.
await import('#src/i18n/preload.ts');
// Issue 16 (after the locales: a reply's letter to the official is
// translated): the institution's mailbox, when IMAP_URL names one. Every
// instance polls; each message is claimed in PostgreSQL, so it is handled once.
const { startInboxReader } = await import('#src/mail/inbox/reader.ts');
const inbox = c.imap
  ? startInboxReader(open.db, {
      mailbox: c.imap,
      requireTls: c.imap.requireTls,
      intervalMs: c.imap.pollMs,
      maxMessageBytes: c.imap.maxMessageBytes,
      messageIdDomain,
      ownAddresses: [addressOf(c.mailFrom), ...(c.imap.address ? [c.imap.address] : [])],
      replyAddress: c.imap.address,
      scan: malwareScanner(c.clamd),
      baseUrl: c.baseUrl,
    })
  : undefined;
if (inbox && c.imap) log('info', 'inbox.reader_started', { mailbox: mailboxName(c.imap) });
const { startMaintenance } = await import('#src/server/maintenance.ts');
const maintenance = startMaintenance(open.db);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('info', 'server.stopping', { signal });
  // Stop accepting; let in-flight requests finish (bounded), then close the
  // database so no request is cut off half-way through a transaction.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(deadline);
  await mailWorker.stop();
  await inbox?.stop();
  await maintenance.stop();
  await closeSharedDatabase();
  log('info', 'server.stopped', {});
  process.exit(0);
}
// A database connection closing mid-write can make the PostgreSQL driver
// throw outside any request (see isDriverWriteAfterClose): that one is
// logged and survived; any other uncaught exception still ends the process
// (exit 1) for the supervisor to restart it.
process.on('uncaughtException', (error) => {
  if (isDriverWriteAfterClose(error)) {
    log('warn', 'database.driver_write_after_close', {});
    return;
  }
  log('error', 'process.uncaught_exception', { error: loggableError(error), stack: loggableStack(error) });
  process.exit(1);
});
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
