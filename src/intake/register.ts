import type { Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { registrarOf } from '#src/cases/registrar.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { config } from '#src/config.ts';
import { locales } from '#src/i18n/languages.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { checkAttachments } from './attachments.ts';
import { malwareScanner, type MalwareScanner } from './malware-scan.ts';
import { findDraft, intakeContext, listDraftAttachments, saveDraft, type DraftAttachment } from './queries.ts';
import { fieldNames } from './rules.ts';
import { validateRegistration } from './register-rules.ts';
import { submitDraft, type SubmitResult, type Submitted } from './submit.ts';
import { lockDecision, recordDecision } from '#src/mail/inbox/queries.ts';

// Issue 16: an official's post of the registration form. Like a public form
// (flow.ts), everything typed and every accepted file is kept in a draft
// first, so a mistake anywhere loses nothing; a valid registration is
// submitted at once by the same code as a web submission (submitDraft), so
// the case gets the same number series, routing, deadline and letter.

export type RegisterState = {
  values: Record<string, string>;
  problems: FieldProblem[];
  draftId: string | undefined;
  attachments: DraftAttachment[];
};
export type RegisterOutcome = ({ next: 'registered' } & Submitted) | ({ next: 'form'; status: number } & RegisterState);

/** What the registration form posts: how and when it arrived, then the public form's fields of its kind. */
export function registrationFieldNames(kind: CaseKind): string[] {
  return ['kind', 'channel', 'receivedOn', 'receivedTime', ...fieldNames(kind)];
}

export async function receiveRegistration(
  db: Database,
  input: {
    kind: CaseKind;
    locale: string;
    form: PostedForm;
    staffId: number;
    baseUrl: string;
    now?: Date;
    /** The mail from the "to register" queue this registration is made from (register/mail): decided with the case. */
    mailId?: number;
  },
  scan: MalwareScanner | undefined = malwareScanner(config().clamd),
): Promise<RegisterOutcome> {
  const now = input.now ?? new Date();
  const { form, kind } = input;
  const values = Object.fromEntries(registrationFieldNames(kind).map((name) => [name, form.text(name)]));
  values.kind = kind;
  const context = await cachedReference(db, 'intake-context', () => intakeContext(db));
  const existing = form.text('draft') || undefined;
  // Only a registration's own draft: a client's draft has no channel.
  const draft = existing ? await findDraft(db, existing, kind) : undefined;
  const ownDraft = draft && draft.submittedCaseId === null && typeof draft.fields.channel === 'string' ? draft.id : undefined;
  // A registration sent already (a double click, the page sent again): its
  // case, not a second one; the draft is the idempotency key (docs/0003).
  if (draft && draft.submittedCaseId !== null) {
    const sent = await submitDraft(db, draft.id, { baseUrl: input.baseUrl, now, kind, registeredBy: { staffId: input.staffId } });
    if (sent.ok && (await registrarOf(db, sent.caseId)) !== undefined) return { next: 'registered', ...sent };
  }
  const attached = ownDraft ? await listDraftAttachments(db, ownDraft) : [];
  const removeAttachmentIds = form
    .texts('removeAttachment')
    .map(Number)
    .filter((id) => attached.some((a) => a.id === id));
  // Scanned pages of a letter of any kind are kept with it: unlike the
  // public forms, every kind takes files here.
  const uploads = await checkAttachments(
    form.files('attachments'),
    attached.length - removeAttachmentIds.length,
    context.attachmentLimits,
    scan,
  );
  // The case's letters and papers are in the client's language when the portal speaks it.
  const locale = locales.includes(values.replyLanguage ?? '') ? values.replyLanguage! : input.locale;
  const draftId = await saveDraft(db, { id: ownDraft, kind, locale, fields: values, removeAttachmentIds, attachments: uploads.accepted });
  const checked = validateRegistration(values, context, now);
  const problems = [...(checked.ok ? [] : checked.problems), ...(uploads.problem ? [uploads.problem] : [])];
  if (problems.length === 0) {
    const submit = (writer: Database) =>
      submitDraft(writer, draftId, { baseUrl: input.baseUrl, now, kind, registeredBy: { staffId: input.staffId } });
    const result = input.mailId ? await registerMail(db, input.mailId, input.staffId, draftId, submit) : await submit(db);
    if (result.ok) return { next: 'registered', ...result };
    if (result.reason === 'invalid') problems.push(...result.problems);
    else if (result.reason === 'mail_decided') problems.push({ field: 'form', key: 'mailDecided' });
    else problems.push({ field: 'form', key: 'unreadable' });
  }
  return { next: 'form', status: 400, values, problems, draftId, attachments: await listDraftAttachments(db, draftId) };
}

/**
 * A registration made from a mail of the queue: the case and the mail's
 * decision in one transaction, the mail's row locked first. Two managers
 * who opened the same mail and both send get one case: the second finds
 * the mail decided and is told so, with everything they typed kept in
 * their draft; the same registration sent twice (a double click) gets its
 * case again.
 */
async function registerMail(
  db: Database,
  mailId: number,
  staffId: number,
  draftId: string,
  submit: (writer: Database) => Promise<SubmitResult>,
): Promise<SubmitResult | { ok: false; reason: 'mail_decided' }> {
  return db.transaction(async (tx) => {
    const writer = tx as unknown as Database;
    const decision = await lockDecision(tx, mailId);
    // A mail cleared meanwhile (retention) does not stop the letter being registered.
    if (!decision || decision.status === 'to_register') {
      const result = await submit(writer);
      if (result.ok && decision) await recordDecision(tx, { id: mailId, staffId, caseId: result.caseId });
      return result;
    }
    const draft = await findDraft(writer, draftId);
    const sentBefore = decision.status === 'registered' && draft?.submittedCaseId != null && draft.submittedCaseId === decision.caseId;
    return sentBefore ? submit(writer) : { ok: false, reason: 'mail_decided' };
  });
}
