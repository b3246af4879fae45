import type { Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { checkAttachments } from './attachments.ts';
import { malwareScanner, type MalwareScanner } from './malware-scan.ts';
import { config } from '#src/config.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { findDraft, intakeContext, listDraftAttachments, saveDraft, type DraftAttachment } from './queries.ts';
import { fieldNames, inFormOrder, KINDS_WITH_ATTACHMENTS, slugOf, validateIntake } from './rules.ts';
import { publicPaths } from '#src/paths.ts';

// What a public form does with a post, apart from rendering: the pages call
// these and show the outcome.

/** The honeypot: a field people never see, which form-filling robots fill. */
export const HONEYPOT_FIELD = 'website';

export type FormState = {
  values: Record<string, string>;
  problems: FieldProblem[];
  draftId: string | undefined;
  attachments: DraftAttachment[];
};

export type FormOutcome = { next: 'check'; location: string } | ({ next: 'form'; status: number } & FormState);

/** The values a draft holds, for the form page (e.g. after "Change" on the check page). */
export async function loadFormState(
  db: Database,
  kind: CaseKind,
  draftId: string | null,
  revalidate: boolean,
): Promise<FormState | undefined> {
  if (!draftId) return undefined;
  const draft = await findDraft(db, draftId, kind);
  if (!draft || draft.submittedCaseId !== null) return undefined;
  const problems = revalidate ? ((r) => (r.ok ? [] : r.problems))(validateIntake(kind, draft.fields, await intakeContext(db))) : [];
  return { values: draft.fields, problems, draftId: draft.id, attachments: await listDraftAttachments(db, draft.id) };
}

/** The form's own fields from a post, each as text ('' when absent). */
export function formValues(kind: CaseKind, form: PostedForm): Record<string, string> {
  return Object.fromEntries(fieldNames(kind).map((name) => [name, form.text(name)]));
}

/**
 * A post of the form: everything is kept in a draft (files too, so that an
 * error elsewhere loses no upload), then checked. Valid → the check page.
 * With CLAMD_URL set, each new file is scanned first and kept only if clean
 * (ASVS 5.4.3, review M3); a refused file is an attachment error like a
 * wrong type, and what else was sent is kept.
 */
export async function receiveForm(
  db: Database,
  kind: CaseKind,
  locale: string,
  form: PostedForm,
  scan: MalwareScanner | undefined = malwareScanner(config().clamd),
): Promise<FormOutcome> {
  const values = formValues(kind, form);
  // Reference data through the short cache: the check page and the
  // submission apply the rules again with fresh data.
  const context = await cachedReference(db, 'intake-context', () => intakeContext(db));
  const existing = form.text('draft') || undefined;
  const attached = existing ? await listDraftAttachments(db, existing).catch(() => []) : [];
  const removeAttachmentIds = form
    .texts('removeAttachment')
    .map(Number)
    .filter((id) => attached.some((a) => a.id === id));
  const remaining = attached.length - removeAttachmentIds.length;
  const uploads = KINDS_WITH_ATTACHMENTS.includes(kind)
    ? await checkAttachments(form.files('attachments'), remaining, context.attachmentLimits, scan)
    : { accepted: [] };
  const draftId = await saveDraft(db, { id: existing, kind, locale, fields: values, removeAttachmentIds, attachments: uploads.accepted });
  const result = validateIntake(kind, values, context);
  // An attachment's problem takes its field's place in the summary, not the last line (D11).
  const problems = inFormOrder(kind, [...(result.ok ? [] : result.problems), ...(uploads.problem ? [uploads.problem] : [])]);
  if (problems.length === 0) return { next: 'check', location: publicPaths.check(locale, slugOf(kind), draftId) };
  return { next: 'form', status: 400, values, problems, draftId, attachments: await listDraftAttachments(db, draftId) };
}
