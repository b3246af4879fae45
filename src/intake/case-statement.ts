import { sql, type SQL } from 'drizzle-orm';
import { preparedSql, rowsOf, type Database } from '#src/db/client.ts';
import { pendingReference } from '#src/cases/reference.ts';
import { countingUpsert, countPlaceholders, countValues, pastLimit, type RateLimit, type WindowCount } from '#src/platform/rate-limit.ts';

// A submitted draft becomes a case in ONE statement (issue 18): the draft
// locked, the case, its history, its files, the confirmation in the outbox,
// the draft marked sent. One statement is one round trip and commits as a
// whole, so nothing of a submission is kept without the rest (the outbox's
// promise, docs/0003) without a transaction around twelve statements. It
// writes only if the draft is still unsent and holds what the caller
// checked; otherwise nothing, and the caller reads the draft again (a double
// click: the second waits for the first's lock, then finds the draft sent).
//
// The reference number is not taken here: the case is written as
// `pending:<prefix>:<placeholder>` and its letter with the placeholder, and
// numberPendingCases (cases/reference.ts) takes the year's next number after
// the commit and puts it in both. The numbering, which every submission
// needs one at a time, is then no part of the Send's own transaction
// (docs/0031).

export type CaseRow = {
  statusTokenHash: string;
  kind: string;
  channel: string;
  receivedAt: Date;
  receivedOn: string;
  dueOn: string | null;
  deadlineRuleId: number | null;
  topicId: number | null;
  unitId: number;
  assigneeId: number | null;
  locale: string;
  requestedLanguage: string;
  replyLanguage: string;
  replyChannel: string | null;
  anonymous: boolean;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  postalAddress: string | null;
  details: string;
  particulars: Record<string, unknown>;
};

export type EventRow = {
  at: Date;
  type: string;
  actorStaffId?: number | null;
  visibleToClient?: boolean;
  data: Record<string, unknown>;
  /** Written only when the confirmation is withheld (the daily cap per address). */
  ifWithheld?: boolean;
};

export type CaseStatement = {
  draft: { id: string; locale: string; fields: Record<string, string> };
  now: Date;
  referencePrefix: string;
  /** In the letter until the number exists, replaced by it when the case is numbered (referencePlaceholder). */
  placeholder: string;
  token: string;
  row: CaseRow;
  events: EventRow[];
  /**
   * A client's Send counted against the intake limits (intake/limit.ts) in
   * the same statement, which then writes the case only within them: one
   * round trip and one commit fewer (issue 18). Counted whatever becomes
   * of the draft.
   */
  intakeCounts?: ReadonlyArray<WindowCount>;
  /** The confirmation and the count against its daily cap; none without an address. */
  acknowledgement?: {
    counter: { key: string; windowStart: Date; rule: RateLimit };
    mail: { kind: string; to: string; locale: string; subject: string; text: string; html: string };
  };
};

export type WrittenCase = { caseId: number; acknowledged: boolean };
export type CounterRow = { key: string; windowStart: Date; count: number };
/** The case written, or none (the draft sent, changed or removed meanwhile, or a limit passed); the intake counters after counting. */
export type CaseStatementResult = { written: WrittenCase | undefined; intake: CounterRow[] };

// A placeholder's name is checked against caseValues' names by the compiler:
// a name misspelt on either side does not build.
type ValueName = keyof ReturnType<typeof caseValues>;
const value = (name: ValueName) => sql.placeholder(name);
const at = (name: ValueName) => sql`${value(name)}::timestamptz`;
const json = (name: ValueName) => sql`${value(name)}::jsonb`;

/**
 * The statement for a number of intake counts, with or without the
 * confirmation: built by Drizzle once per database handle and shape
 * (preparedSql), then run with its values. Building it anew for every Send
 * was 2 to 4 % of the server's time (issue 18, docs/0031).
 */
function caseStatement(intakeCountNumber: number, acknowledged: boolean): SQL {
  const counts = Array.from({ length: intakeCountNumber }, (_, n) => countPlaceholders(n));
  const withheld: SQL = acknowledged ? sql`not (select allowed from ack)` : sql`false`;
  // The intake counters first (in the order given): the draft is locked only within their limits.
  const intake = counts.length ? sql`intake as (${countingUpsert(counts)}), ` : sql``;
  const withinLimits = counts.length ? sql`and not exists (select 1 from intake where ${pastLimit(counts)})` : sql``;
  return sql`
    with ${intake}locked as (
      select id from submission_drafts
      where id = ${value('draftId')} and submitted_case_id is null
        and locale = ${value('draftLocale')} and fields = ${json('draftFields')}
        ${withinLimits}
      for update
    ), new_case as (
      insert into cases (reference, status_token_hash, kind, channel, received_at, received_on, due_on, deadline_rule_id,
        topic_id, unit_id, assignee_id, locale, requested_language, reply_language, reply_channel, anonymous,
        contact_name, contact_email, contact_phone, postal_address, details, particulars, draft_id)
      select ${value('reference')}, ${value('statusTokenHash')}, ${value('kind')}, ${value('channel')}, ${at('receivedAt')}, ${value('receivedOn')}::date,
        ${value('dueOn')}::date, ${value('deadlineRuleId')}::int, ${value('topicId')}::int, ${value('unitId')}::int, ${value('assigneeId')}::int,
        ${value('locale')}, ${value('requestedLanguage')}, ${value('replyLanguage')}, ${value('replyChannel')}::text, ${value('anonymous')}::boolean,
        ${value('contactName')}::text, ${value('contactEmail')}::text, ${value('contactPhone')}::text, ${value('postalAddress')}::text,
        ${value('details')}, ${json('particulars')}, ${value('draftId')}
      from locked
      returning id
    )${
      acknowledged
        ? sql`, ack as (
      insert into rate_limit_counters (key, window_start, count)
      select ${value('ackKey')}, ${at('ackWindowStart')}, 1 from locked
      on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
      returning count <= ${value('ackLimit')}::int as allowed
    ), letter as (
      insert into outbox_messages (kind, to_address, locale, subject, text_body, html_body, case_id)
      select ${value('mailKind')}, ${value('mailTo')}, ${value('mailLocale')}, ${value('mailSubject')}, ${value('mailText')}, ${value('mailHtml')},
        -- A letter about this case: a reply to it comes back to the case (the mailbox's Reply-To).
        new_case.id
      from new_case where (select allowed from ack)
      returning id
    )`
        : sql``
    }, history as (
      insert into case_events (case_id, at, type, actor_staff_id, visible_to_client, data)
      select new_case.id, e.at, e.type, e.actor_staff_id, e.visible_to_client, e.data
      from new_case, rows from (jsonb_to_recordset(${json('events')})
        as (at timestamptz, type text, actor_staff_id int, visible_to_client boolean, data jsonb, if_withheld boolean))
        with ordinality as e(at, type, actor_staff_id, visible_to_client, data, if_withheld, n)
      where not e.if_withheld or ${withheld}
      order by e.n
    ), files as (
      insert into case_attachments (case_id, filename, content_type, size, content, created_at)
      select new_case.id, f.filename, f.content_type, f.size, f.content, ${at('now')}
      from new_case, draft_attachments f where f.draft_id = ${value('draftId')}
      order by f.id
    ), files_taken as (
      delete from draft_attachments where draft_id = (select id from locked)
    ), sent as (
      -- The draft keeps only what a repeated submit needs to find the case; updated_at: when it was sent (forgetSubmittedTokens).
      update submission_drafts set submitted_case_id = new_case.id, submitted_token = ${value('token')}, fields = '{}'::jsonb, updated_at = now()
      from new_case where submission_drafts.id = ${value('draftId')}
    )
    select (select id from new_case) as id, ${acknowledged ? sql`coalesce((select allowed from ack), false)` : sql`false`} as acknowledged,
      ${counts.length ? sql`(select json_agg(json_build_object('key', key, 'windowStart', window_start, 'count', count)) from intake)` : sql`null`} as intake`;
}

/** The values of caseStatement for `input`, but the intake counts' (countValues). */
function caseValues(input: CaseStatement) {
  const { row, acknowledgement: ack } = input;
  return {
    draftId: input.draft.id,
    draftLocale: input.draft.locale,
    draftFields: JSON.stringify(input.draft.fields),
    reference: pendingReference(input.referencePrefix, input.placeholder),
    statusTokenHash: row.statusTokenHash,
    kind: row.kind,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    deadlineRuleId: row.deadlineRuleId,
    topicId: row.topicId,
    unitId: row.unitId,
    assigneeId: row.assigneeId,
    locale: row.locale,
    requestedLanguage: row.requestedLanguage,
    replyLanguage: row.replyLanguage,
    replyChannel: row.replyChannel,
    anonymous: row.anonymous,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    postalAddress: row.postalAddress,
    details: row.details,
    particulars: JSON.stringify(row.particulars),
    ...(ack
      ? {
          ackKey: ack.counter.key,
          ackWindowStart: ack.counter.windowStart.toISOString(),
          ackLimit: ack.counter.rule.limit,
          mailKind: ack.mail.kind,
          mailTo: ack.mail.to,
          mailLocale: ack.mail.locale,
          mailSubject: ack.mail.subject,
          mailText: ack.mail.text,
          mailHtml: ack.mail.html,
        }
      : {}),
    events: JSON.stringify(
      input.events.map((e) => ({
        at: e.at.toISOString(),
        type: e.type,
        actor_staff_id: e.actorStaffId ?? null,
        visible_to_client: e.visibleToClient ?? false,
        data: e.data,
        if_withheld: e.ifWithheld ?? false,
      })),
    ),
    now: input.now.toISOString(),
    token: input.token,
  };
}

/** Writes the case, unless the draft was sent, changed or removed since it was read, or the Send is over an intake limit. */
export async function writeCase(db: Database, input: CaseStatement): Promise<CaseStatementResult> {
  const intakeCountNumber = input.intakeCounts?.length ?? 0;
  const acknowledged = input.acknowledgement !== undefined;
  const run = preparedSql<{ id: number | null; acknowledged: boolean; intake: unknown }>(
    db,
    `write_case_${intakeCountNumber}_${acknowledged ? 'ack' : 'none'}`,
    () => caseStatement(intakeCountNumber, acknowledged),
  );
  const [outcome] = await run({ ...countValues(input.intakeCounts ?? []), ...caseValues(input) });
  // PGlite hands json back parsed, postgres.js as parsed or as text depending on its types: both read the same.
  const intakeRows = (typeof outcome?.intake === 'string' ? JSON.parse(outcome.intake) : (outcome?.intake ?? [])) as Array<{
    key: string;
    windowStart: string;
    count: number;
  }>;
  return {
    written: outcome?.id == null ? undefined : { caseId: Number(outcome.id), acknowledged: outcome.acknowledged },
    intake: intakeRows.map((r) => ({ key: r.key, windowStart: new Date(r.windowStart), count: Number(r.count) })),
  };
}

/**
 * The number case `caseId` took; undefined when there is no such case.
 * sendDraft has numbered it already (numberPendingCases), on the same handle:
 * inside a caller's transaction, which then holds the numbering until its
 * commit. A Send from the check page reads no number: the confirmation
 * page finds the case by its status link.
 */
export async function caseNumber(db: Pick<Database, 'execute'>, caseId: number): Promise<string | undefined> {
  return rowsOf<{ reference: string }>(await db.execute(sql`select reference from cases where id = ${caseId}`))[0]?.reference;
}
