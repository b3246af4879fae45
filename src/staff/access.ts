import type { AstroGlobal } from 'astro';
import { config } from '#src/config.ts';
import { database } from '#src/db/client.ts';
import type { StaffRole } from './schema.ts';
import { readSession, SESSION_COOKIE, sessionPolicy, type CurrentSession, type StaffUser } from './sessions.ts';

// The one way a staff page checks who is asking (architecture.md: one way to
// check a role). Every staff page and endpoint calls staffGate on the server
// before it reads or changes anything.

/** What each role may do; pages ask by capability, not by role name. */
export const PERMISSIONS = {
  handleCases: ['official', 'manager', 'director'],
  manageUnitCases: ['manager', 'director'],
  decideRefusals: ['director'],
  recordObservations: ['manager', 'director'],
  viewReports: ['manager', 'director'],
  administer: ['administrator'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(user: Pick<StaffUser, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(user.role);
}

export function setSessionCookie(astro: Pick<AstroGlobal, 'cookies'>, token: string): void {
  astro.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config().secure, path: '/' });
}

export function clearSessionCookie(astro: Pick<AstroGlobal, 'cookies'>): void {
  astro.cookies.delete(SESSION_COOKIE, { path: '/' });
}

export async function currentSession(astro: Pick<AstroGlobal, 'cookies'>): Promise<CurrentSession | undefined> {
  const db = await database();
  return readSession(db, astro.cookies.get(SESSION_COOKIE)?.value, await sessionPolicy(db));
}

/**
 * Lets a signed-in person with the permission through; anyone else gets
 * the sign-in page (not signed in), the second-factor step (half signed
 * in), or a 403 page (signed in, not allowed).
 */
export async function staffGate(
  astro: AstroGlobal,
  options: { permission?: Permission; halfSignedIn?: boolean } = {},
): Promise<{ user: StaffUser; session: CurrentSession } | Response> {
  const locale = astro.locals.locale;
  const session = await currentSession(astro);
  if (!session) {
    const next = encodeURIComponent(astro.url.pathname);
    return astro.redirect(`/${locale}/staff/sign-in?next=${next}`, 303);
  }
  if (!session.secondFactorDone && !options.halfSignedIn) {
    return astro.redirect(`/${locale}/staff/${session.user.totpEnabled ? 'second-factor' : 'set-up-second-factor'}`, 303);
  }
  if (options.permission && !may(session.user, options.permission)) {
    astro.response.status = 403;
    return astro.rewrite(`/${locale}/403`);
  }
  return { user: session.user, session };
}
