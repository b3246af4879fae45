import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { endSession } from '#src/staff/sessions.ts';
import { clearSessionCookie, sessionToken } from '#src/staff/access.ts';
import { staffPaths } from '#src/paths.ts';

// Sign-out ends the session in the database: the old cookie opens nothing,
// even if it was copied.
export const POST: APIRoute = async (context) => {
  const token = sessionToken(context);
  if (token) await endSession(await database(), token);
  clearSessionCookie(context);
  return context.redirect(staffPaths.signIn(context.locals.locale, { 'signed-out': true }), 303);
};
