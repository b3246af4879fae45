import type { Database } from '#src/db/client.ts';
import { readForm } from '#src/forms/read.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { recordId } from '#src/platform/ids.ts';
import { staffPaths } from '#src/paths.ts';
import { sessionPolicy, staffOfEndedSession } from '#src/staff/sessions.ts';
import { keepAnswerDraft } from './answer-drafts.ts';
import { allowedActions } from './rules.ts';
import { caseForStaff } from './workspace.ts';

// ux.md D7: an answer typed for longer than the session lasted used to be
// lost at the sign-in page. The staff gate (middleware.ts) hands a post it
// is about to send to sign-in here first: if it is an answer (sent, or kept
// as a draft) to a case, and the cookie names a session that ended by time
// no longer than the grace ago (staff/sessions.ts), the text becomes that
// official's draft for the case, and sign-in leads back to the case with it.
// Astro's origin check has refused a cross-site post before any middleware
// runs, and a post without such a cookie names nobody, so only the
// official's own page can write their draft (docs/0019).

const CASE_ADDRESS = /^\/([^/]+)\/staff\/cases\/(\d+)\/?$/;

/** Where to come back to after signing in (the case, with the draft restored), when the post was a kept answer; else undefined. */
export async function keepLateAnswer(
  db: Database,
  post: { request: Request; pathname: string; token: string | undefined; now?: Date },
): Promise<string | undefined> {
  const match = CASE_ADDRESS.exec(post.pathname);
  const caseId = recordId(match?.[2]);
  if (!match || caseId === undefined || !post.token) return undefined;
  const now = post.now ?? new Date();
  const official = await staffOfEndedSession(db, post.token, await sessionPolicy(db), now);
  if (!official) return undefined;
  const form = await readForm(post.request);
  const text = form.text('text');
  if (form.text('action') !== 'answer' || text.trim() === '') return undefined;
  // Only a case the official may still answer: another unit's case, or one closed meanwhile, keeps nothing.
  const view = await caseForStaff(db, official, caseId);
  if (!view) return undefined;
  const facts = { ...view.c, callbackDecision: (view.c.particulars.callbackDecision as string | undefined) ?? null };
  if (!allowedActions(official, facts, todayInRiga(now)).includes('answer')) return undefined;
  await keepAnswerDraft(db, { staffId: official.id, caseId, text, now });
  return staffPaths.case(match[1]!, caseId, { draft: 'kept' }, 'action-answer');
}
