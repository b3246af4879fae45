import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { caseAttachments, caseEvents, cases } from '../cases/schema.ts';
import { chooseOfficial } from '../cases/routing.ts';
import { staffMembers } from '../staff/schema.ts';
import { nextReference } from '../cases/reference.ts';
import { hashStatusToken, newStatusToken } from '../cases/status-link.ts';
import { computeDeadline } from '../calendar/deadlines.ts';
import { rigaDateOf } from '../calendar/riga-time.ts';
import { getInstitution, listDeadlineRules, loadCalendar } from '../settings/queries.ts';
import { enqueueMail } from '../mail/queries.ts';
import type { FieldProblem } from '../forms/errors.ts';
import { draftAttachments, submissionDrafts } from './schema.ts';
import { intakeContext } from './queries.ts';
import { validateIntake } from './rules.ts';
import { acknowledgementMail } from './acknowledgement.ts';

export type Submitted = { caseId: number; reference: string; token: string; repeated: boolean };
export type SubmitResult =
  | ({ ok: true } & Submitted)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

/**
 * Turns a checked draft into a case: one transaction writes the case, its
 * history, its attachments and the acknowledgement in the outbox, so an
 * acknowledged submission is never lost to a mail failure (the worker sends
 * later). The draft row is locked first, so a double click or a resent page
 * waits for the first request and then gets the same case (idempotency).
 */
export async function submitDraft(
  db: Database,
  draftId: string,
  options: { baseUrl: string; now?: Date },
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const [context, institution, { calendar }, rules] = await Promise.all([
    intakeContext(db),
    getInstitution(db),
    loadCalendar(db),
    listDeadlineRules(db),
  ]);
  if (!institution) throw new Error('the institution is not set up');

  return db.transaction(async (tx) => {
    const [draft] = await tx.select().from(submissionDrafts).where(eq(submissionDrafts.id, draftId)).for('update');
    if (!draft) return { ok: false, reason: 'not_found' } as const;
    if (draft.submittedCaseId !== null && draft.submittedToken) {
      const [existing] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, draft.submittedCaseId));
      return { ok: true, caseId: draft.submittedCaseId, reference: existing!.reference, token: draft.submittedToken, repeated: true } as const;
    }
    const checked = validateIntake(draft.kind, draft.fields, context);
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems } as const;
    const s = checked.submission;

    // S-4.6: the deadline from the law in force on the day of receipt (Riga).
    const deadline = computeDeadline(calendar, rules, s.kind, now);
    const receivedOn = rigaDateOf(now);
    const reference = await nextReference(tx, institution.referencePrefix, Number(receivedOn.slice(0, 4)));
    const token = newStatusToken();
    // S-10: the official within the unit, by language and fair share.
    const people = await tx
      .select({
        id: staffMembers.id,
        role: staffMembers.role,
        languages: staffMembers.languages,
        // Written out with aliases: Drizzle leaves columns unqualified in a
        // one-table select, which would bind both sides to the subquery's table.
        openCases: sql<number>`(select count(*)::int from cases open_case where open_case.assignee_id = staff_members.id and open_case.status in ('received', 'in_progress'))`,
      })
      .from(staffMembers)
      .where(and(eq(staffMembers.unitId, s.unitId), eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager'])));
    const officials = people.filter((p) => p.role === 'official');
    const routing = chooseOfficial(officials.length > 0 ? officials : people, s.replyLanguage);
    const [created] = await tx
      .insert(cases)
      .values({
        reference,
        statusTokenHash: hashStatusToken(token),
        kind: s.kind,
        receivedAt: now,
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
        particulars: { ...s.particulars, ...(s.callback ? { callbackDecision: s.callback.decision } : {}) },
        draftId: draft.id,
      })
      .returning({ id: cases.id });
    const caseId = created!.id;

    await tx.insert(caseEvents).values([
      { caseId, at: now, type: 'received', visibleToClient: true, data: { notices: s.notices } },
      // S-10: where the case went and why; the official is chosen by routing.
      { caseId, at: now, type: 'routed_to_unit', data: { unitId: s.unitId, by: s.routedBy, topic: s.topic?.code ?? null } },
      { caseId, at: now, type: 'assigned', data: { staffId: routing.staffId, reason: routing.reason } },
      ...(s.replyLanguage !== s.requestedLanguage
        ? [{ caseId, at: now, type: 'reply_language_fallback', visibleToClient: true, data: { requested: s.requestedLanguage, replyIn: s.replyLanguage } }]
        : []),
    ]);

    const files = await tx.select().from(draftAttachments).where(eq(draftAttachments.draftId, draft.id));
    if (files.length > 0) {
      await tx.insert(caseAttachments).values(
        files.map((f) => ({ caseId, filename: f.filename, contentType: f.contentType, size: f.size, content: f.content, createdAt: now })),
      );
      await tx.delete(draftAttachments).where(eq(draftAttachments.draftId, draft.id));
    }

    if (s.contact.email) {
      const mail = acknowledgementMail({
        locale: draft.locale,
        reference,
        kind: s.kind,
        dueOn: deadline?.dueOn ?? null,
        statusUrl: `${options.baseUrl}/${draft.locale}/case/${token}`,
        complaintUrl: `${options.baseUrl}/${draft.locale}/complaint?about=${encodeURIComponent(reference)}`,
        institution,
        notices: s.notices,
        replyLanguage: s.replyLanguage,
        requestedLanguage: s.requestedLanguage,
        name: s.contact.name,
      });
      await enqueueMail(tx, { kind: 'submission.acknowledged', to: s.contact.email, locale: draft.locale, ...mail });
    }

    // The draft keeps only what a repeated submit needs to find the case.
    await tx
      .update(submissionDrafts)
      .set({ submittedCaseId: caseId, submittedToken: token, fields: {} })
      .where(eq(submissionDrafts.id, draft.id));
    return { ok: true, caseId, reference, token, repeated: false } as const;
  });
}
