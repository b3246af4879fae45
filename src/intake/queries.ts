import { and, asc, eq, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { preparedOnce, preparedSql, type Database } from '#src/db/client.ts';
import { institution, topics, units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { draftAttachments, submissionDrafts } from './schema.ts';
import type { IntakeContext } from './rules.ts';
import { unitPeopleJson } from '#src/cases/routing-queries.ts';
import type { UnitPerson } from '#src/cases/routing.ts';
import type { AttachmentLimits, CheckedAttachment } from './attachments.ts';
import { countingUpsert, countPlaceholders, countValues, pastLimit, type WindowCount } from '#src/platform/rate-limit.ts';
import { randomBase64url } from '#src/platform/random.ts';

/** What the intake rules need from the institution's data. */
export async function intakeContext(db: Database): Promise<IntakeContext & { attachmentLimits: AttachmentLimits }> {
  const [topicRows, unitRows, staffRows, [settings]] = await Promise.all([
    db
      .select({ id: topics.id, code: topics.code, unitId: topics.unitId, environmentalInformation: topics.environmentalInformation })
      .from(topics)
      .where(eq(topics.active, true)),
    db.select({ id: units.id, isTriage: units.isTriage }).from(units).where(eq(units.active, true)).orderBy(asc(units.id)),
    db
      .select({ unitId: staffMembers.unitId, languages: staffMembers.languages })
      .from(staffMembers)
      .where(and(eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager']))),
    db.select({ maxFiles: institution.attachmentMaxFiles, maxBytes: institution.attachmentMaxBytes }).from(institution),
  ]);
  const languagesByUnit = new Map<number, string[][]>();
  for (const s of staffRows) {
    if (s.unitId === null) continue;
    const list = languagesByUnit.get(s.unitId) ?? [];
    list.push(s.languages);
    languagesByUnit.set(s.unitId, list);
  }
  const triage = unitRows.find((u) => u.isTriage) ?? unitRows[0];
  if (!triage) throw new Error('the institution has no active unit');
  return {
    topics: topicRows,
    triageUnitId: triage.id,
    languagesByUnit,
    attachmentLimits: settings ?? { maxFiles: 3, maxBytes: 4 * 1024 * 1024 },
  };
}

export type Draft = typeof submissionDrafts.$inferSelect;
export type DraftAttachment = { id: number; filename: string; contentType: string; size: number };

export function newDraftId(): string {
  return randomBase64url(24);
}

/** A draft by its id, of the form `kind` when given. */
export async function findDraft(db: Pick<Database, 'select'>, id: string, kind?: CaseKind): Promise<Draft | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(id)) return undefined;
  // One statement for both: the kind, when given, must match (a draft of
  // one form is not shown at another form's address).
  const [row] = await preparedOnce(db, 'draft', (name) => db.select().from(submissionDrafts).where(draftOfKind()).prepare(name)).execute({
    id,
    kind: kind ?? null,
  });
  return row;
}

/** The draft with the id placeholder, of the kind placeholder's form unless that is null. */
function draftOfKind(): SQL | undefined {
  return and(
    eq(submissionDrafts.id, sql.placeholder('id')),
    sql`(${sql.placeholder('kind')}::text is null or ${submissionDrafts.kind} = ${sql.placeholder('kind')}::text)`,
  );
}

/**
 * Where the rules send a draft's case, as data for SQL: the active topics'
 * units by code (JSON) and the triage unit, from the same intake context
 * validateIntake decides by. Made once per context (it is cached).
 */
const routingUnitsOf = new WeakMap<IntakeContext, { topicUnits: string; triageUnitId: number }>();
function routingUnits(context: IntakeContext): { topicUnits: string; triageUnitId: number } {
  let units = routingUnitsOf.get(context);
  if (!units) {
    units = {
      topicUnits: JSON.stringify(Object.fromEntries(context.topics.map((t) => [t.code, t.unitId]))),
      triageUnitId: context.triageUnitId,
    };
    routingUnitsOf.set(context, units);
  }
  return units;
}

/** A draft to send, and the people of the unit its case goes to, with the unit's id. */
export type DraftToSend = { draft: Draft; unit: { id: number; people: UnitPerson[] } };

/**
 * A draft a Send sends, of the form `kind` when given, with the people of
 * the unit its case would be routed to (S-10), in one statement: a round
 * trip and a statement fewer for every Send than reading the people after
 * the draft (issue 18, docs/0031). The unit is the draft topic's unit, else
 * the triage unit, from the same context the rules use (routingUnits); the
 * rules still decide (validateIntake), and the caller reads the people of
 * another unit if they decide otherwise (writeSubmission). A draft already
 * sent comes with no people.
 */
export async function findDraftToSend(
  db: Database,
  id: string,
  kind: CaseKind | undefined,
  context: IntakeContext,
): Promise<DraftToSend | undefined> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(id)) return undefined;
  const [row] = await preparedOnce(db, 'draft_to_send', (name) => {
    // The unit, worked out once per draft (a lateral subquery), for its id and its people.
    const routed = sql`lateral (select coalesce((${sql.placeholder('topicUnits')}::jsonb ->> btrim(submission_drafts.fields ->> 'topic'))::int, ${sql.placeholder('triageUnitId')}::int) as unit_id) routed`;
    const unit = sql`routed.unit_id`;
    return db
      .select({
        draft: submissionDrafts,
        unitId: sql<number>`${unit}`,
        // A draft sent before (a second Send) makes no case: nobody to route it to.
        people: sql<UnitPerson[]>`case when ${submissionDrafts.submittedCaseId} is null then ${unitPeopleJson(unit)} else '[]'::json end`,
      })
      .from(submissionDrafts)
      .crossJoin(routed)
      .where(draftOfKind())
      .prepare(name);
  }).execute({ id, kind: kind ?? null, ...routingUnits(context) });
  return row ? { draft: row.draft, unit: { id: row.unitId, people: row.people } } : undefined;
}

export async function listDraftAttachments(db: Database, draftId: string): Promise<DraftAttachment[]> {
  return db
    .select({
      id: draftAttachments.id,
      filename: draftAttachments.filename,
      contentType: draftAttachments.contentType,
      size: draftAttachments.size,
    })
    .from(draftAttachments)
    .where(eq(draftAttachments.draftId, draftId))
    .orderBy(asc(draftAttachments.id));
}

/**
 * Counts a post against `counts` (rate-limit counters, platform/rate-limit.ts)
 * and keeps `draft` as a new draft only if every count is within its limit:
 * one statement, one round trip and one commit for the usual public post
 * (issue 18; intake/first-post.ts). Gives the counters' rows after counting
 * and the draft's id, or undefined when a limit was passed and nothing was
 * kept. The counters are written in the order given (no deadlock between
 * two posts).
 */
export async function countAndKeepDraft(
  db: Database,
  counts: ReadonlyArray<WindowCount>,
  draft: { kind: CaseKind; locale: string; fields: Record<string, string> },
): Promise<{ rows: Array<{ key: string; windowStart: Date; count: number }>; draftId: string | undefined }> {
  const statement = preparedSql<{ key: string; window_start: Date | string; count: number; kept: string | null }>(
    db,
    `count_and_keep_draft_${counts.length}`,
    () => {
      const placeholders = counts.map((_, n) => countPlaceholders(n));
      return sql`
      with counted as (${countingUpsert(placeholders)}), kept as (
        insert into submission_drafts (id, kind, locale, fields)
        select ${sql.placeholder('id')}, ${sql.placeholder('kind')}, ${sql.placeholder('locale')}, ${sql.placeholder('fields')}::jsonb
        where not exists (select 1 from counted where ${pastLimit(placeholders)})
        returning id
      )
      select key, window_start, count, (select id from kept) as kept from counted`;
    },
  );
  const rows = await statement({
    ...countValues(counts),
    id: newDraftId(),
    kind: draft.kind,
    locale: draft.locale,
    fields: JSON.stringify(draft.fields),
  });
  return {
    rows: rows.map((r) => ({ key: r.key, windowStart: new Date(r.window_start), count: Number(r.count) })),
    draftId: rows[0]?.kept ?? undefined,
  };
}

/**
 * Keeps what the client posted: creates the draft or updates an unsubmitted
 * one, drops the attachments they asked to remove and adds the new ones.
 * Returns the draft's id (a new one if the old is gone or already sent).
 */
export async function saveDraft(
  db: Database,
  input: {
    id?: string | undefined;
    kind: CaseKind;
    locale: string;
    fields: Record<string, string>;
    removeAttachmentIds: number[];
    attachments: CheckedAttachment[];
  },
): Promise<string> {
  // A first post without files is one row: one statement, no transaction
  // around it (two round trips fewer, issue 18's load benchmark).
  if (!input.id && input.attachments.length === 0) {
    const id = newDraftId();
    await preparedOnce(db, 'new_draft', (name) =>
      db
        .insert(submissionDrafts)
        .values({
          id: sql.placeholder('id'),
          kind: sql.placeholder('kind'),
          locale: sql.placeholder('locale'),
          fields: sql.placeholder('fields'),
        })
        .prepare(name),
    ).execute({ id, kind: input.kind, locale: input.locale, fields: input.fields });
    return id;
  }
  return db.transaction(async (tx) => {
    const existing = input.id ? await findDraft(tx as unknown as Database, input.id, input.kind) : undefined;
    let id: string;
    if (existing && existing.submittedCaseId === null) {
      id = existing.id;
      await tx
        .update(submissionDrafts)
        .set({ fields: input.fields, locale: input.locale, updatedAt: sql`now()` })
        .where(eq(submissionDrafts.id, id));
      if (input.removeAttachmentIds.length > 0) {
        await tx
          .delete(draftAttachments)
          .where(and(eq(draftAttachments.draftId, id), inArray(draftAttachments.id, input.removeAttachmentIds)));
      }
    } else {
      id = newDraftId();
      await tx.insert(submissionDrafts).values({ id, kind: input.kind, locale: input.locale, fields: input.fields });
    }
    if (input.attachments.length > 0) {
      await tx.insert(draftAttachments).values(input.attachments.map((a) => ({ draftId: id, ...a })));
    }
    return id;
  });
}

/** Drafts untouched for a day are personal data nobody needs: removed. */
/**
 * A sent draft keeps its status link's token only for the moments a double
 * submit or the back button needs it (the confirmation page again), not for
 * the day the draft lives: a token in clear in the database would open the
 * case to whoever reads a backup (docs/0004, security review m3).
 */
export const SUBMITTED_TOKEN_MINUTES = 15;

export async function forgetSubmittedTokens(db: Database, olderThanMinutes = SUBMITTED_TOKEN_MINUTES): Promise<number> {
  const forgotten = await db
    .update(submissionDrafts)
    .set({ submittedToken: null })
    .where(
      and(
        isNotNull(submissionDrafts.submittedToken),
        lt(submissionDrafts.updatedAt, sql`now() - ${`${olderThanMinutes} minutes`}::interval`),
      ),
    )
    .returning({ id: submissionDrafts.id });
  return forgotten.length;
}

export async function purgeStaleDrafts(db: Database, olderThanHours = 24): Promise<number> {
  const removed = await db
    .delete(submissionDrafts)
    .where(lt(submissionDrafts.updatedAt, sql`now() - ${`${olderThanHours} hours`}::interval`))
    .returning({ id: submissionDrafts.id });
  return removed.length;
}
