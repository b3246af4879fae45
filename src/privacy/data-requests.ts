import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { caseAttachments, caseEvents, caseMessages, cases, type CaseKind, type CaseStatus } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { surveyAnswers, surveyItems, surveyResponses, surveys } from '#src/quality/schema.ts';
import { institution, topics, units } from '#src/settings/schema.ts';
import { queryDigests } from './digest.ts';
import { anonymiseCases } from './queries.ts';
import { isErasable, type ErasureInput, type SubjectQuery } from './rules.ts';
import { localName } from '#src/i18n/local-name.ts';

// A data subject's requests, handled by an administrator: find everything
// the portal holds about one person (by e-mail address or phone number),
// give them a copy (Art. 15, and Art. 20 for what they provided themselves),
// and erase what the law allows (Art. 17). Every step leaves an audit entry
// (Art. 5(2)) with digests of the search terms, never the terms themselves.

const byEmail = (column: AnyPgColumn, email: string) => sql`lower(${column}) = ${email}`;

function caseMatch(query: SubjectQuery): SQL {
  const match = or(
    query.email ? byEmail(cases.contactEmail, query.email) : undefined,
    query.phone ? eq(cases.contactPhone, query.phone) : undefined,
  );
  // Without a term the condition would be empty and match every case: an
  // erasure of everything. rules.checkSubjectQuery never lets that through.
  if (!match) throw new Error('a data subject query needs an e-mail address or a phone number');
  return match;
}

export type CaseMatch = {
  id: number;
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  receivedAt: Date;
  closedAt: Date | null;
  anonymisedAt: Date | null;
};
export type SurveyResponseMatch = { id: number; surveyTitleLv: string; surveyTitleEn: string; submittedAt: Date; hasComment: boolean };
export type MailMatch = { id: number; kind: string; status: 'pending' | 'sent' | 'failed'; createdAt: Date; subject: string };
export type SubjectMatches = { cases: CaseMatch[]; surveyResponses: SurveyResponseMatch[]; mail: MailMatch[] };

export function matchCounts(m: SubjectMatches): { cases: number; surveyResponses: number; mail: number } {
  return { cases: m.cases.length, surveyResponses: m.surveyResponses.length, mail: m.mail.length };
}

/** Everything that names the person: their cases, survey responses with their contact, and mail to them. */
async function findSubjectData(db: Pick<Database, 'select'>, query: SubjectQuery): Promise<SubjectMatches> {
  const [caseRows, responseRows, mailRows] = await Promise.all([
    db
      .select({
        id: cases.id,
        reference: cases.reference,
        kind: cases.kind,
        status: cases.status,
        receivedAt: cases.receivedAt,
        closedAt: cases.closedAt,
        anonymisedAt: cases.anonymisedAt,
      })
      .from(cases)
      .where(caseMatch(query))
      .orderBy(asc(cases.receivedAt), asc(cases.id)),
    // Surveys and mail hold an e-mail address, never a phone number.
    query.email
      ? db
          .select({
            id: surveyResponses.id,
            surveyTitleLv: surveys.titleLv,
            surveyTitleEn: surveys.titleEn,
            submittedAt: surveyResponses.submittedAt,
            hasComment: sql<boolean>`${surveyResponses.comment} is not null`,
          })
          .from(surveyResponses)
          .innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
          .where(byEmail(surveyResponses.contactEmail, query.email))
          .orderBy(asc(surveyResponses.submittedAt), asc(surveyResponses.id))
      : [],
    query.email
      ? db
          .select({
            id: outboxMessages.id,
            kind: outboxMessages.kind,
            status: outboxMessages.status,
            createdAt: outboxMessages.createdAt,
            subject: outboxMessages.subject,
          })
          .from(outboxMessages)
          .where(byEmail(outboxMessages.toAddress, query.email))
          .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id))
      : [],
  ]);
  return { cases: caseRows, surveyResponses: responseRows, mail: mailRows };
}

/** Searches for a person's data; the search is audited. */
export async function searchSubjectData(db: Database, actorId: number, query: SubjectQuery): Promise<SubjectMatches> {
  const matches = await findSubjectData(db, query);
  await recordAudit(db, {
    actorStaffId: actorId,
    action: 'data_request.search',
    entity: 'data_subject',
    after: { ...(await queryDigests(query)), found: matchCounts(matches) },
  });
  return matches;
}

/** A copy of a person's data, as the JSON download and the printable page give it. */
export type SubjectExport = {
  generatedAt: string;
  controller: { name: string; address: string; email: string } | null;
  searchedFor: SubjectQuery;
  cases: Array<{
    reference: string;
    kind: CaseKind;
    status: CaseStatus;
    receivedAt: string;
    dueOn: string | null;
    closedAt: string | null;
    anonymisedAt: string | null;
    unit: string;
    topic: string | null;
    interfaceLanguage: string;
    requestedLanguage: string;
    replyLanguage: string;
    replyChannel: string | null;
    anonymous: boolean;
    contact: { name: string | null; email: string | null; phone: string | null; postalAddress: string | null };
    details: string;
    particulars: Record<string, string | boolean | null>;
    history: Array<{ at: string; type: string; data?: Record<string, unknown> }>;
    attachments: Array<{ filename: string; contentType: string; size: number; contentBase64: string }>;
    /** Issue 16: what the client added after the submission. */
    messages: Array<{
      receivedAt: string;
      via: string;
      language: string;
      text: string;
      emailFrom: string | null;
      emailSubject: string | null;
    }>;
  }>;
  surveyResponses: Array<{
    survey: string;
    submittedAt: string;
    language: string;
    comment: string | null;
    contact: { name: string | null; email: string | null };
    answers: Array<{ question: string; value: number; scaleMin: number; scaleMax: number }>;
  }>;
  mail: Array<{ createdAt: string; kind: string; status: string; sentAt: string | null; to: string; subject: string; text: string }>;
};

/**
 * Gathers the copy and audits it. Names (unit, topic, survey, questions) are
 * in the administrator's interface language. History entries the client
 * sees on their status page come with their content; internal entries
 * (routing, officials' notes) with their date and kind only, as the copy
 * must not take away the rights of others (Art. 15(4)).
 */
export async function exportSubjectData(
  db: Database,
  actorId: number,
  query: SubjectQuery,
  options: { format: 'json' | 'print'; locale: string; now?: Date },
): Promise<SubjectExport> {
  const matches = await findSubjectData(db, query);
  const caseIds = matches.cases.map((c) => c.id);
  const responseIds = matches.surveyResponses.map((r) => r.id);
  const mailIds = matches.mail.map((m) => m.id);
  const [caseRows, eventRows, attachmentRows, responseRows, answerRows, mailRows, [controller]] = await Promise.all([
    caseIds.length
      ? db
          .select({ c: cases, unitLv: units.nameLv, unitEn: units.nameEn, topicLv: topics.nameLv, topicEn: topics.nameEn })
          .from(cases)
          .innerJoin(units, eq(units.id, cases.unitId))
          .leftJoin(topics, eq(topics.id, cases.topicId))
          .where(inArray(cases.id, caseIds))
          .orderBy(asc(cases.receivedAt), asc(cases.id))
      : [],
    caseIds.length ? db.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds)).orderBy(asc(caseEvents.id)) : [],
    caseIds.length
      ? db.select().from(caseAttachments).where(inArray(caseAttachments.caseId, caseIds)).orderBy(asc(caseAttachments.id))
      : [],
    responseIds.length
      ? db
          .select({ r: surveyResponses, titleLv: surveys.titleLv, titleEn: surveys.titleEn })
          .from(surveyResponses)
          .innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
          .where(inArray(surveyResponses.id, responseIds))
          .orderBy(asc(surveyResponses.submittedAt), asc(surveyResponses.id))
      : [],
    responseIds.length
      ? db
          .select({
            responseId: surveyAnswers.responseId,
            value: surveyAnswers.value,
            textLv: surveyItems.textLv,
            textEn: surveyItems.textEn,
          })
          .from(surveyAnswers)
          .innerJoin(surveyItems, eq(surveyItems.id, surveyAnswers.itemId))
          .where(inArray(surveyAnswers.responseId, responseIds))
          .orderBy(asc(surveyItems.sortOrder), asc(surveyItems.id))
      : [],
    mailIds.length
      ? db
          .select()
          .from(outboxMessages)
          .where(inArray(outboxMessages.id, mailIds))
          .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id))
      : [],
    db.select().from(institution).limit(1),
  ]);
  const messageRows = caseIds.length
    ? await db.select().from(caseMessages).where(inArray(caseMessages.caseId, caseIds)).orderBy(asc(caseMessages.id))
    : [];
  const copy: SubjectExport = {
    generatedAt: (options.now ?? new Date()).toISOString(),
    controller: controller ? { name: localName(controller, options.locale), address: controller.address, email: controller.email } : null,
    searchedFor: query,
    cases: caseRows.map(({ c, unitLv, unitEn, topicLv, topicEn }) => ({
      reference: c.reference,
      kind: c.kind,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      dueOn: c.dueOn,
      closedAt: c.closedAt?.toISOString() ?? null,
      anonymisedAt: c.anonymisedAt?.toISOString() ?? null,
      unit: localName({ unitLv, unitEn }, options.locale, 'unit'),
      topic: localName({ topicLv, topicEn }, options.locale, 'topic') || null,
      interfaceLanguage: c.locale,
      requestedLanguage: c.requestedLanguage,
      replyLanguage: c.replyLanguage,
      replyChannel: c.replyChannel,
      anonymous: c.anonymous,
      contact: { name: c.contactName, email: c.contactEmail, phone: c.contactPhone, postalAddress: c.postalAddress },
      details: c.details,
      particulars: c.particulars,
      history: eventRows
        .filter((e) => e.caseId === c.id)
        .map((e) => ({ at: e.at.toISOString(), type: e.type, ...(e.visibleToClient ? { data: e.data } : {}) })),
      attachments: attachmentRows
        .filter((a) => a.caseId === c.id)
        .map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, contentBase64: a.content.toString('base64') })),
      messages: messageRows
        .filter((m) => m.caseId === c.id)
        .map((m) => ({
          receivedAt: m.receivedAt.toISOString(),
          via: m.via,
          language: m.locale,
          text: m.text,
          emailFrom: m.emailFrom,
          emailSubject: m.emailSubject,
        })),
    })),
    surveyResponses: responseRows.map(({ r, titleLv, titleEn }) => ({
      survey: localName({ titleLv, titleEn }, options.locale, 'title'),
      submittedAt: r.submittedAt.toISOString(),
      language: r.locale,
      comment: r.comment,
      contact: { name: r.contactName, email: r.contactEmail },
      answers: answerRows
        .filter((a) => a.responseId === r.id)
        .map((a) => ({ question: localName(a, options.locale, 'text'), value: a.value, scaleMin: r.scaleMin, scaleMax: r.scaleMax })),
    })),
    mail: mailRows.map((m) => ({
      createdAt: m.createdAt.toISOString(),
      kind: m.kind,
      status: m.status,
      sentAt: m.sentAt?.toISOString() ?? null,
      to: m.toAddress,
      subject: m.subject,
      text: m.textBody,
    })),
  };
  await recordAudit(db, {
    actorStaffId: actorId,
    action: 'data_request.export',
    entity: 'data_subject',
    after: { ...(await queryDigests(query)), format: options.format, exported: matchCounts(matches) },
  });
  return copy;
}

export type ErasureResult = { cases: number; openCasesKept: number; attachments: number; surveyResponses: number; mail: number };

/**
 * What an erasure would do: the person's cases not yet anonymised, and of
 * them the ones still open. Audited as a search: the administrator sees the
 * person's records again.
 */
export async function previewErasure(
  db: Database,
  actorId: number,
  query: SubjectQuery,
): Promise<SubjectMatches & { openCases: CaseMatch[] }> {
  const matches = await searchSubjectData(db, actorId, query);
  const live = matches.cases.filter((c) => c.anonymisedAt === null);
  return { ...matches, cases: live, openCases: live.filter((c) => c.closedAt === null) };
}

/**
 * Erases a person's data in one transaction: anonymises their closed cases
 * (and the open ones the client withdraws, `includeOpen`), clears their
 * contact and comment from survey responses, deletes mail to their address
 * whatever its state (a message being sent when it goes is simply not
 * marked sent), and records the ground and the counts.
 */
export async function eraseSubjectData(
  db: Database,
  actorId: number,
  query: SubjectQuery,
  input: ErasureInput,
  now: Date = new Date(),
): Promise<ErasureResult> {
  const digests = await queryDigests(query);
  return db.transaction(async (tx) => {
    const matched = await tx
      .select({ id: cases.id, closedAt: cases.closedAt, anonymisedAt: cases.anonymisedAt })
      .from(cases)
      .where(caseMatch(query))
      .for('update');
    const erasable = matched.filter((c) => isErasable(c, input.includeOpen));
    const counts = await anonymiseCases(
      tx,
      erasable.map((c) => c.id),
      now,
    );
    const openCasesKept = matched.filter((c) => c.anonymisedAt === null && !isErasable(c, input.includeOpen)).length;
    let responses = 0;
    let mail = 0;
    if (query.email) {
      responses = (
        await tx
          .update(surveyResponses)
          .set({ contactName: null, contactEmail: null, comment: null })
          .where(byEmail(surveyResponses.contactEmail, query.email))
          .returning({ id: surveyResponses.id })
      ).length;
      mail = (await tx.delete(outboxMessages).where(byEmail(outboxMessages.toAddress, query.email)).returning({ id: outboxMessages.id }))
        .length;
    }
    const result: ErasureResult = { cases: counts.cases, openCasesKept, attachments: counts.attachments, surveyResponses: responses, mail };
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'data_request.erase',
      entity: 'data_subject',
      after: { ...digests, ground: input.ground, ...(input.note ? { note: input.note } : {}), includeOpen: input.includeOpen, ...result },
    });
    return result;
  });
}
