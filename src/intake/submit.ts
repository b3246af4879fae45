import { eq, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { caseAttachments, caseEvents, cases, type CaseKind } from '#src/cases/schema.ts';
import { routeToUnit } from '#src/cases/routing-queries.ts';
import { numberNewCase, referencePlaceholder } from '#src/cases/reference.ts';
import { hashStatusToken, newStatusToken } from '#src/cases/status-link.ts';
import { computeDeadline, deadlineKindFor } from '#src/calendar/deadlines.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { getInstitution, listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { draftAttachments, submissionDrafts } from './schema.ts';
import { findDraft, intakeContext, type Draft } from './queries.ts';
import { validateIntake } from './rules.ts';
import { validateRegistration } from './register-rules.ts';
import { acknowledgementMail, mayAcknowledge } from './acknowledgement.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';

export type Submitted = { caseId: number; reference: string; token: string; repeated: boolean };
export type SubmitResult =
  ({ ok: true } & Submitted) | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

type Reader = Pick<Database, 'select'>;

/**
 * Turns a checked draft into a case: one transaction writes the case, its
 * history, its attachments and the acknowledgement in the outbox, so an
 * acknowledged submission is never lost to a mail failure (the worker sends
 * later). The draft row is locked, so a double click or a resent page waits
 * for the first request and then gets the same case (idempotency).
 *
 * Submissions wait for each other only over the reference number, taken
 * last (cases/reference.ts); the draft is read and checked before the
 * transaction, and the reference data comes from the short cache (issue 8's
 * load benchmark). `kind`, when given, is the form the draft must belong to.
 */
export async function submitDraft(
  db: Database,
  draftId: string,
  options: {
    baseUrl: string;
    now?: Date;
    kind?: CaseKind;
    /** Confirmations one address may get a day; ACKNOWLEDGEMENTS_PER_ADDRESS unless given. */
    acknowledgementsPerAddress?: number;
    /**
     * Issue 16: a draft an official filled in from a letter, an e-mail, a
     * call, a visit or the e-address. Its fields carry the channel and the
     * date received (validateRegistration); the deadline runs from that date.
     */
    registeredBy?: { staffId: number };
  },
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  // Reference data through the short per-instance cache (settings/cache.ts):
  // an administrator's edit reaches every instance within 30 seconds.
  const [context, institution, { calendar }, rules, seen] = await Promise.all([
    cachedReference(db, 'intake-context', () => intakeContext(db)),
    cachedReference(db, 'institution', () => getInstitution(db)),
    cachedReference(db, 'calendar', () => loadCalendar(db)),
    cachedReference(db, 'deadline-rules', () => listDeadlineRules(db)),
    findDraft(db, draftId, options.kind),
  ]);
  if (!institution) throw new Error('the institution is not set up');
  if (!seen) return { ok: false, reason: 'not_found' };
  if (seen.submittedCaseId !== null) return repeatedSubmission(db, seen);
  const validate = (fields: Record<string, string>) => {
    if (!options.registeredBy) return validateIntake(seen.kind, fields, context);
    const r = validateRegistration(fields, context, now);
    return r.ok ? ({ ok: true, submission: r.registration.submission, registration: r.registration } as const) : r;
  };
  const first = validate(seen.fields);
  if (!first.ok) return { ok: false, reason: 'invalid', problems: first.problems };

  return db.transaction(async (tx) => {
    // The lock: a second send of this draft waits here for the first to commit.
    const [draft] = await tx.select().from(submissionDrafts).where(eq(submissionDrafts.id, seen.id)).for('update');
    if (!draft) return { ok: false, reason: 'not_found' } as const;
    if (draft.submittedCaseId !== null) return repeatedSubmission(tx, draft);
    // Changed in another tab since it was read: checked again.
    const checked = draft.updatedAt.getTime() === seen.updatedAt.getTime() ? first : validate(draft.fields);
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems } as const;
    const s = checked.submission;
    const registration = 'registration' in checked ? checked.registration : undefined;
    // A registered submission was received when the official says, within limits (register-rules.ts).
    const receivedAt = registration?.received.receivedAt ?? now;
    // S-10, M4: an official of the unit, else its manager, else the director's queue (routing.ts).
    const { choice: routing } = await routeToUnit(tx, s.unitId, s.replyLanguage);

    // S-4.6: the deadline from the law in force on the day of receipt (Riga);
    // m6: environmental information by its own rule.
    const deadline = computeDeadline(calendar, rules, deadlineKindFor(s.kind, s.topic), receivedAt);
    const receivedOn = rigaDateOf(receivedAt);
    const token = newStatusToken();
    // The case and its letter are written before the number exists: a
    // placeholder takes its place until numberNewCase, last.
    const placeholder = referencePlaceholder();
    const [created] = await tx
      .insert(cases)
      .values({
        reference: placeholder,
        statusTokenHash: hashStatusToken(token),
        kind: s.kind,
        channel: registration?.channel ?? 'web',
        receivedAt,
        receivedOn,
        dueOn: deadline?.dueOn ?? null,
        deadlineRuleId: deadline?.rule.id ?? null,
        topicId: s.topic?.id ?? null,
        unitId: s.unitId,
        assigneeId: routing.staffId,
        locale: draft.locale,
        requestedLanguage: s.requestedLanguage,
        replyLanguage: s.replyLanguage,
        replyChannel: s.replyChannel,
        anonymous: s.anonymous,
        contactName: s.contact.name,
        contactEmail: s.contact.email,
        contactPhone: s.callback?.phone ?? s.contact.phone,
        postalAddress: s.contact.address,
        details: s.details,
        particulars: {
          ...s.particulars,
          ...(s.callback ? { callbackDecision: s.callback.decision } : {}),
          // Only the day is known: the proof of receipt shows no time.
          ...(registration && !registration.received.timeKnown ? { receivedTimeUnknown: true } : {}),
        },
        draftId: draft.id,
      })
      .returning({ id: cases.id });
    const caseId = created!.id;

    await tx.insert(caseEvents).values([
      { caseId, at: receivedAt, type: 'received', visibleToClient: true, data: { notices: s.notices } },
      // Issue 16: who put it in the register, and how it had arrived.
      ...(registration
        ? [{ caseId, at: now, type: 'registered', actorStaffId: options.registeredBy!.staffId, data: { channel: registration.channel } }]
        : []),
      // S-10: where the case went and why; the official is chosen by routing.
      { caseId, at: now, type: 'routed_to_unit', data: { unitId: s.unitId, by: s.routedBy, topic: s.topic?.code ?? null } },
      { caseId, at: now, type: 'assigned', data: { staffId: routing.staffId, reason: routing.reason } },
      ...(s.replyLanguage !== s.requestedLanguage
        ? [
            {
              caseId,
              at: now,
              type: 'reply_language_fallback',
              visibleToClient: true,
              data: { requested: s.requestedLanguage, replyIn: s.replyLanguage },
            },
          ]
        : []),
    ]);

    const files = await tx.select().from(draftAttachments).where(eq(draftAttachments.draftId, draft.id));
    if (files.length > 0) {
      await tx.insert(caseAttachments).values(
        files.map((f) => ({
          caseId,
          filename: f.filename,
          contentType: f.contentType,
          size: f.size,
          content: f.content,
          createdAt: now,
        })),
      );
      await tx.delete(draftAttachments).where(eq(draftAttachments.draftId, draft.id));
    }

    const to = s.contact.email;
    const acknowledge = to !== null && (await mayAcknowledge(tx, to, now, options.acknowledgementsPerAddress));
    if (to && !acknowledge) {
      // Said on the confirmation and status pages, and to the official.
      await tx.insert(caseEvents).values({ caseId, at: now, type: 'acknowledgement_withheld', visibleToClient: true, data: {} });
    }
    const letterId = acknowledge
      ? await enqueueMail(tx, {
          kind: 'submission.acknowledged',
          to,
          locale: draft.locale,
          caseId,
          ...acknowledgementMail({
            locale: draft.locale,
            reference: placeholder,
            kind: s.kind,
            dueOn: deadline?.dueOn ?? null,
            statusUrl: absoluteUrl(options.baseUrl, publicPaths.status(draft.locale, token)),
            complaintUrl: absoluteUrl(options.baseUrl, publicPaths.complaint(draft.locale, placeholder)),
            institution,
            notices: s.notices,
            replyLanguage: s.replyLanguage,
            requestedLanguage: s.requestedLanguage,
          }),
        })
      : undefined;

    // The draft keeps only what a repeated submit needs to find the case.
    await tx
      .update(submissionDrafts)
      // updatedAt: when it was sent, from which its token is kept only minutes (forgetSubmittedTokens).
      .set({ submittedCaseId: caseId, submittedToken: token, fields: {}, updatedAt: sql`now()` })
      .where(eq(submissionDrafts.id, draft.id));
    // Last: the number, into the case and its letter (see numberNewCase).
    const reference = await numberNewCase(tx, {
      caseId,
      prefix: institution.referencePrefix,
      year: Number(receivedOn.slice(0, 4)),
      placeholder,
      letterIds: letterId === undefined ? [] : [letterId],
    });
    return { ok: true, caseId, reference, token, repeated: false } as const;
  });
}

/** A draft sent before: the same confirmation, not a second case. */
async function repeatedSubmission(reader: Reader, draft: Draft): Promise<SubmitResult> {
  const [existing] = await reader.select({ reference: cases.reference }).from(cases).where(eq(cases.id, draft.submittedCaseId!));
  if (!existing || !draft.submittedToken) return { ok: false, reason: 'not_found' };
  return { ok: true, caseId: draft.submittedCaseId!, reference: existing.reference, token: draft.submittedToken, repeated: true };
}
