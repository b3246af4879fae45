import type { AstroCookies, AstroGlobal } from 'astro';
import { config, type Config } from '#src/config.ts';
import { database } from '#src/db/client.ts';
import { staffPaths } from '#src/paths.ts';
import { forbidden } from '#src/platform/outcome.ts';
import type { StaffRole } from './schema.ts';
import { readSession, SESSION_COOKIE, sessionPolicy, type CurrentSession, type StaffUser } from './sessions.ts';

// The one way a staff page checks who is asking (architecture.md: one way to
// check a role): the middleware runs the gate for every staff address, and
// each page or endpoint names its permission in one line (requireStaff)
// before it reads or changes anything.

/** What each role may do; pages ask by capability, not by role name. */
export const PERMISSIONS = {
  handleCases: ['official', 'manager', 'director'],
  manageUnitCases: ['manager', 'director'],
  /** Issue 16: putting what came by post, e-mail, phone, a visit or the e-address in the register. */
  registerSubmissions: ['official', 'manager'],
  /** Issue 16: the mailbox's new mail, registered or dismissed by the units' managers. */
  registerMail: ['manager'],
  decideRefusals: ['director'],
  recordObservations: ['manager', 'director'],
  viewReports: ['manager', 'director'],
  /** Issue 17: approving a year's figures for the public results page. */
  publishResults: ['director'],
  administer: ['administrator'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(user: Pick<StaffUser, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(user.role);
}

/**
 * The staff session cookie (security review m6). Wherever it is Secure (any
 * HOST but loopback, or an https PUBLIC_URL) it carries the `__Host-`
 * prefix: the browser then takes it only over HTTPS, for this host alone,
 * with Path=/ — a sibling sub-domain cannot plant one (login CSRF). A
 * loopback demo is plain http, where a `__Host-` cookie cannot be set.
 */
export function sessionCookie(c: Pick<Config, 'secureCookies'> = config()): { name: string; secure: boolean } {
  return c.secureCookies ? { name: `__Host-${SESSION_COOKIE}`, secure: true } : { name: SESSION_COOKIE, secure: false };
}

export function setSessionCookie(astro: Pick<AstroGlobal, 'cookies'>, token: string): void {
  const { name, secure } = sessionCookie();
  astro.cookies.set(name, token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function clearSessionCookie(astro: Pick<AstroGlobal, 'cookies'>): void {
  const { name, secure } = sessionCookie();
  astro.cookies.delete(name, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
}

/** The session token the request's cookie carries, if any. */
export function sessionToken(astro: Pick<AstroGlobal, 'cookies'>): string | undefined {
  return astro.cookies.get(sessionCookie().name)?.value;
}

export async function currentSession(astro: Pick<AstroGlobal, 'cookies'>): Promise<CurrentSession | undefined> {
  const db = await database();
  return readSession(db, sessionToken(astro), await sessionPolicy(db));
}

export type StaffAccess = { user: StaffUser; session: CurrentSession };

/**
 * What an address under /<locale>/staff/ asks of the person: nothing (the
 * sign-in page, a set-password link, signing out, a calendar feed whose
 * token is the key), the first step of signing in (the second step's
 * pages), or a whole sign-in. Anything else is not a staff address.
 */
export function staffAddressNeeds(pathname: string): 'nothing' | 'first_step' | 'sign_in' | undefined {
  const match = /^\/[^/]+\/staff(\/.*)?$/.exec(pathname);
  if (!match) return undefined;
  const rest = match[1] ?? '/';
  if (/^\/(sign-in|sign-out|set-password\/[^/]+|calendar\/[^/]+\.ics)\/?$/.test(rest)) return 'nothing';
  if (/^\/(second-factor|set-up-second-factor)\/?$/.test(rest)) return 'first_step';
  return 'sign_in';
}

/**
 * The staff gate, run once by the middleware for every staff address: a
 * person not signed in goes to the sign-in page and comes back to the
 * address they asked for (`next`, downloads too); a person half-way through
 * signing in goes to the second step, not back to the password. What it
 * returns is a redirect, or the access the page reads with requireStaff.
 */
export async function gateStaffAddress(context: {
  url: URL;
  cookies: AstroCookies;
  locals: App.Locals;
  redirect: (path: string, status?: 302 | 303) => Response;
}): Promise<Response | StaffAccess | undefined> {
  const needs = staffAddressNeeds(context.url.pathname);
  if (needs === undefined || needs === 'nothing') return undefined;
  const { locale } = context.locals;
  const here = `${context.url.pathname}${context.url.search}`;
  const session = await currentSession(context);
  if (!session) return context.redirect(staffPaths.signIn(locale, { next: here }), 303);
  if (needs === 'sign_in' && !session.secondFactorDone) {
    const step = session.user.totpEnabled ? staffPaths.secondFactor : staffPaths.setUpSecondFactor;
    return context.redirect(step(locale, here), 303);
  }
  return { user: session.user, session };
}

/**
 * The one line a staff page starts with: who is asking, refused with the
 * translated 403 page when their role lacks the permission.
 */
export function requireStaff(astro: { locals: App.Locals }, permission?: Permission): StaffAccess {
  const access = astro.locals.staff;
  // The middleware's gate covers every staff address that needs a person.
  if (!access) throw new Error('requireStaff outside the staff gate');
  if (permission && !may(access.user, permission)) throw forbidden(permission);
  return access;
}

/** Where a staff person goes after signing in: the address they asked for, if it is ours (no open redirect). */
export function nextAddress(locale: string, next: string | null | undefined): string {
  const home = staffPaths.home(locale);
  if (!next || !next.startsWith(home) || next.startsWith('//') || /[\\\s]/.test(next)) return home;
  return next;
}
