import { defineMiddleware, sequence } from 'astro:middleware';
import { randomUUID } from 'node:crypto';
import { defaultLocale, isLocale, pickLocale, translator } from './i18n/index.ts';
import { securityHeaders } from './platform/security-headers.ts';
import { config } from './config.ts';
import { log, loggableError, loggablePath, loggableStack } from './platform/log.ts';
import { isDatabaseUnavailable, isRequestDeadline, withDeadline } from './platform/failures.ts';
import { unavailablePage } from '#src/server/unavailable-page.ts';
import { cachedPage, isCacheablePage, keepPage } from '#src/server/page-cache.ts';
import { changedReferenceData, forgetReferenceData } from './settings/cache.ts';
import { recordId } from './platform/ids.ts';
import { isRefused, statusOf } from './platform/outcome.ts';
import { gateStaffAddress, may, sessionToken } from './staff/access.ts';
import { keepLateAnswer } from '#src/cases/late-answer.ts';
import { publicPaths, staffPaths } from './paths.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { database } from '#src/db/client.ts';
import { isPrivateAddress, NO_INDEX } from '#src/platform/robots.ts';

/** Picks the interface language: the URL's first segment, else Accept-Language. */
const locale = defineMiddleware((context, next) => {
  const first = context.url.pathname.split('/')[1];
  context.locals.locale = isLocale(first) ? first : pickLocale(context.request.headers.get('accept-language'));
  context.locals.t = translator(context.locals.locale);
  context.locals.requestId = context.locals.requestLog?.requestId ?? randomUUID();
  return next();
});

/** A path under /[lang]/ whose first segment is no language is not a page. */
const knownLanguage = defineMiddleware((context, next) => {
  const first = context.url.pathname.split('/')[1];
  if (context.routePattern.startsWith('/[lang]') && !isLocale(first)) {
    return context.rewrite('/404');
  }
  return next();
});

/**
 * An address carrying control characters (`%00` and its kin) names no page:
 * 404 before any page passes such text to the database, which cannot even
 * store a NUL (issue 8's hostile crawl found the audit log's filter did).
 */
const CONTROL_IN_ADDRESS = /[\u0000-\u001F\u007F]/;
const plainAddresses = defineMiddleware((context, next) => {
  const query = [...context.url.searchParams].flat().join('');
  let path = context.url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Broken percent-encoding: the router finds no page for it either.
  }
  if (CONTROL_IN_ADDRESS.test(query) || CONTROL_IN_ADDRESS.test(path))
    return context.rewrite(publicPaths.notFound(context.locals.locale ?? defaultLocale));
  return next();
});

/**
 * A record's id in an address (`[id]`, `[file]`) is digits that fit its
 * column (platform/ids.ts); anything else (`abc`, `1.5`, `99999999999`) names
 * no record: 404 here, in one place, so that every page may take
 * `Number(Astro.params.id)` as it is (issue 8's crawl: an id out of
 * PostgreSQL's integer range gave a 500 on a dozen pages).
 */
const RECORD_PARAMS = ['id', 'file'] as const;
const recordAddresses = defineMiddleware((context, next) => {
  for (const name of RECORD_PARAMS) {
    const value = context.params[name];
    if (value !== undefined && recordId(value) === undefined)
      return context.rewrite(publicPaths.notFound(context.locals.locale ?? defaultLocale));
  }
  return next();
});

/**
 * The staff gate, once for every staff address (staff/access.ts): not signed
 * in → the sign-in page, coming back here after; half signed in → the second
 * step. The page then names its permission in one line (requireStaff).
 */
const staffArea = defineMiddleware(async (context, next) => {
  const gate = await gateStaffAddress(context);
  if (gate instanceof Response) {
    // D7: an answer posted after the session ended is kept as the official's draft, and sign-in leads back to it.
    if (context.request.method === 'POST') {
      const back = await keepLateAnswer(await database(), {
        request: context.request,
        pathname: context.url.pathname,
        token: sessionToken(context),
      });
      if (back) return context.redirect(staffPaths.signIn(context.locals.locale, { next: back }), 303);
    }
    return gate;
  }
  if (gate) {
    context.locals.staff = gate;
    if (context.locals.requestLog) context.locals.requestLog.staffId = gate.user.id;
  }
  return next();
});

/** Refuses an oversized request before its body is read (413, translated). */
const requestLimits = defineMiddleware((context, next) => {
  const length = Number(context.request.headers.get('content-length') ?? 0);
  if (length > config().maxRequestBytes && !context.url.pathname.endsWith('/request-too-large')) {
    return context.rewrite(publicPaths.requestTooLarge(context.locals.locale ?? defaultLocale));
  }
  return next();
});

/**
 * A signed-in person refused a page (403) or asking for what is not there
 * for them (404: another unit's case looks like no case) goes to the audit
 * log with the address (tokens masked), so an administrator sees someone
 * probing (security review m14). Never fails the response.
 */
async function auditRefusal(context: { locals: App.Locals; url: URL; request: Request }, status: number): Promise<void> {
  const staff = context.locals.staff;
  if (!staff || (status !== 403 && status !== 404)) return;
  try {
    await recordAudit(await database(), {
      actorStaffId: staff.user.id,
      action: 'access.refused',
      entity: 'page',
      after: { status, method: context.request.method, path: loggablePath(context.url.pathname) },
    });
  } catch (error) {
    log('warn', 'audit.refusal_not_recorded', {
      requestId: context.locals.requestId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

/** The same request (its cookies, its languages) as a GET of another address, without its body. */
function bodilessRequest(request: Request, url: URL): Request {
  const headers = new Headers(request.headers);
  for (const name of ['content-length', 'content-type', 'transfer-encoding']) headers.delete(name);
  return new Request(url, { method: 'GET', headers });
}

/** Security headers on every response, and no caching of pages with private data. */
const headers = defineMiddleware(async (context, next) => {
  let response: Response;
  try {
    response = await withDeadline(next(), config().requestTimeoutMs);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      // The database is restarting or unreachable: a translated 503, and the
      // client may simply try again (nothing was acknowledged).
      log('warn', isRequestDeadline(error) ? 'request.timed_out' : 'request.database_unavailable', {
        requestId: context.locals.requestId,
        path: loggablePath(context.url.pathname),
      });
      const locale = context.locals.locale ?? defaultLocale;
      return new Response(unavailablePage(locale, context.locals.t ?? translator(locale)), {
        status: 503,
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Retry-After': '30',
          'Cache-Control': 'no-store',
          ...securityHeaders({ secure: config().secure }),
        },
      });
    }
    if (isRefused(error)) {
      // A capability or a guard said no by throwing (a record removed
      // meanwhile, a role without the permission): the translated page with
      // its status, here and nowhere else.
      const locale = context.locals.locale ?? defaultLocale;
      const page = { not_found: publicPaths.notFound, forbidden: publicPaths.forbidden, conflict: publicPaths.conflict }[error.reason];
      // A GET of the refused page: the page may have read the request's
      // body (forms/read.ts), and Astro will not rewrite a request whose
      // body was used; the refused page needs none of it.
      const shown = await context.rewrite(bodilessRequest(context.request, new URL(page(locale), context.url)));
      response = new Response(shown.body, { status: statusOf(error.reason), headers: shown.headers });
    } else {
      // One place turns an unexpected failure into the translated 500 page;
      // the log gets the error, never the request's personal data.
      log('error', 'request.failed', {
        requestId: context.locals.requestId,
        path: loggablePath(context.url.pathname),
        error: loggableError(error),
        stack: loggableStack(error),
      });
      throw error;
    }
  }
  await auditRefusal(context, response.status);
  for (const [name, value] of Object.entries(securityHeaders({ secure: config().secure }))) {
    // A route may set a stricter header of its own (attachments: a sandbox).
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  // Capability URLs and the staff area stay out of search engines (platform/robots.ts).
  if (isPrivateAddress(context.url)) response.headers.set('X-Robots-Tag', NO_INDEX);
  return response;
});

/**
 * The public pages that are the same for everybody, from a short cache
 * (platform/page-cache.ts). First in line: a page is kept as it left the
 * other middleware (security headers and all) and a hit skips them.
 */
const publicPageCache = defineMiddleware(async (context, next) => {
  if (!isCacheablePage(context.request.method, context.url)) return next();
  const hit = cachedPage(context.url);
  if (hit) return hit;
  return keepPage(context.url, await next());
});

/**
 * An administrator's change to reference data is seen at once on this
 * instance (the others within REFERENCE_TTL_MS): an administrator's saved
 * admin post forgets the short caches, nobody else's (changedReferenceData).
 */
const adminEditsForgetCaches = defineMiddleware(async (context, next) => {
  const response = await next();
  const staff = context.locals.staff;
  if (
    changedReferenceData({
      method: context.request.method,
      pathname: context.url.pathname,
      administrator: staff !== undefined && may(staff.user, 'administer'),
      status: response.status,
    })
  )
    forgetReferenceData();
  return response;
});

export const onRequest = sequence(
  publicPageCache,
  locale,
  headers,
  knownLanguage,
  plainAddresses,
  recordAddresses,
  requestLimits,
  staffArea,
  adminEditsForgetCaches,
);
