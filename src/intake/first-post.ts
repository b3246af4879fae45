import type { Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { config } from '#src/config.ts';
import { readSmallForm, type PostedForm } from '#src/forms/read.ts';
import { decisionsOf, inWindows } from '#src/platform/rate-limit.ts';
import { clientAddressOf } from '#src/platform/request.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { publicPaths } from '#src/paths.ts';
import { formValues } from './flow.ts';
import { intakeAllowance, intakeCounts, plainPost, type IntakeAllowance } from './limit.ts';
import { countAndKeepDraft, intakeContext } from './queries.ts';
import { slugOf, validateIntake } from './rules.ts';

// The usual public post, in one statement (issue 18's load benchmark: the
// form post was two statements, two round trips and two commits). It is a
// form's first post (no draft yet), small and urlencoded (so no files), and
// the rules accept it. Such a post is read before it is counted, as a small
// post over the limit already is (readSmallForm: security review m10 keeps
// large bodies unread, not small ones), checked, and then counted against
// both limits and kept as a draft in one statement, which keeps it only
// within them. Every other post (a draft corrected, files, errors to show,
// a robot's) takes the general way: counted first, then read and kept
// (limit.ts, flow.ts), and refunded if the rules turn it back (D23). The
// outcomes are the same either way.

export type FirstPostOutcome =
  | { next: 'check'; location: string }
  /** Over a limit: nothing kept; the page shows the form again with what was typed (429). */
  | { next: 'refused'; post: { limit: IntakeAllowance; form: PostedForm } };

/** A form's usual first post, counted and kept at once; undefined when the post must take the general way. */
export async function receiveFirstPost(
  db: Database,
  kind: CaseKind,
  locale: string,
  request: Request,
  socketAddress: () => string,
  now = new Date(),
): Promise<FirstPostOutcome | undefined> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  const form = await readSmallForm(request);
  if (!plainPost(form) || form.text('draft')) return undefined;
  const values = formValues(kind, form);
  const context = await cachedReference(db, 'intake-context', () => intakeContext(db));
  if (!validateIntake(kind, values, context).ok) return undefined;
  const counts = intakeCounts(clientAddressOf(request, socketAddress), config().intakeRateLimit);
  const { rows, draftId } = await countAndKeepDraft(db, inWindows(counts, now), { kind, locale, fields: values });
  if (draftId) return { next: 'check', location: publicPaths.check(locale, slugOf(kind), draftId) };
  return { next: 'refused', post: { limit: intakeAllowance(db, counts, decisionsOf(counts, rows, now), now), form } };
}
