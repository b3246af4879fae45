import type { Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { routeToUnit } from '#src/cases/routing-queries.ts';
import { routeInUnit } from '#src/cases/routing.ts';
import { numberCommittedCases, referencePlaceholder } from '#src/cases/reference.ts';
import { hashStatusToken, newStatusToken } from '#src/cases/status-link.ts';
import { computeDeadline, deadlineKindFor } from '#src/calendar/deadlines.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { getInstitution, listDeadlineRules, loadCalendar, type Institution } from '#src/settings/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { findDraftToSend, intakeContext, type Draft, type DraftToSend } from './queries.ts';
import { validateIntake } from './rules.ts';
import { validateRegistration } from './register-rules.ts';
import { acknowledgementCounter, acknowledgementMail } from './acknowledgement.ts';
import { caseNumber, writeCase } from './case-statement.ts';
import { decisionsOf, inWindows, type RateLimit } from '#src/platform/rate-limit.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';

/** A case made from a draft (or found, when the draft was sent before): what its confirmation page needs. */
export type Sent = { caseId: number; token: string; repeated: boolean };
/** ...and its reference number, for those who show it at once (the register, a survey's answer). */
export type Submitted = Sent & { reference: string };
type Refused =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] }
  /** Only with `intakeLimit`: the Send passed a limit and nothing was written. */
  | { ok: false; reason: 'over_limit'; retryAfterSeconds: number };
export type SendResult = ({ ok: true } & Sent) | Refused;
export type SubmitResult = ({ ok: true } & Submitted) | Refused;

type SubmitOptions = {
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
  /**
   * A client's Send: counted against these limits (intake/limit.ts) by the
   * statement that writes the case, which writes it only within them. A
   * draft sent before gives its case uncounted.
   */
  intakeLimit?: ReadonlyArray<{ key: string; rule: RateLimit }>;
  /**
   * Where the case is numbered after its commit; the handle it was written
   * on unless given. A client's Send is numbered on the main pool, not on
   * the connections kept for the public posts (receiveSend): a numbering
   * waits for its commit and for any other instance's numbering, and on a
   * pipelined connection every statement queued behind it would wait too.
   */
  numberOn?: Pick<Database, 'execute'>;
};

/** sendDraft, and the number the case took: one statement more (caseNumber). */
export async function submitDraft(db: Database, draftId: string, options: SubmitOptions): Promise<SubmitResult> {
  const sent = await sendDraft(db, draftId, options);
  if (!sent.ok) return sent;
  const reference = await caseNumber(db, sent.caseId);
  return reference === undefined ? { ok: false, reason: 'not_found' } : { ...sent, reference };
}

/**
 * Turns a checked draft into a case: one statement writes the case, its
 * history, its attachments and the acknowledgement in the outbox
 * (case-statement.ts), so an acknowledged submission is never lost to a
 * mail failure (the worker sends later). The statement locks the draft and
 * writes only if it is unsent and as checked, so a double click or a resent
 * page waits for the first request and then gets the same case
 * (idempotency).
 *
 * A client's Send is three round trips (issue 18's profile, docs/0031):
 * the draft with its unit's people for routing, the statement, which also
 * counts the Send against the intake limits (`intakeLimit`), and the
 * numbering; the reference data comes from the short cache (issue 8's load
 * benchmark). `kind`, when given, is the form the draft must belong to.
 */
export async function sendDraft(db: Database, draftId: string, options: SubmitOptions): Promise<SendResult> {
  const sent = await sendOrFind(db, draftId, options);
  // The case's number, taken after its commit with those of the Sends that
  // committed meanwhile (cases/reference.ts), before the client is told the
  // case exists; its letter waits for it. A repeated Send numbers too: the
  // first may have failed between its commit and its numbering. One
  // numbering serves the Sends that committed while the one before it ran
  // (numberCommittedCases).
  if (sent.ok) await numberCommittedCases(options.numberOn ?? db);
  return sent;
}

/** sendDraft's case: written from the draft, or the one it became before. */
async function sendOrFind(db: Database, draftId: string, options: SubmitOptions): Promise<SendResult> {
  const now = options.now ?? new Date();
  // Reference data through the short per-instance cache (settings/cache.ts):
  // an administrator's edit reaches every instance within 30 seconds.
  const [context, institution, { calendar }, rules] = await Promise.all([
    cachedReference(db, 'intake-context', () => intakeContext(db)),
    cachedReference(db, 'institution', () => getInstitution(db)),
    cachedReference(db, 'calendar', () => loadCalendar(db)),
    cachedReference(db, 'deadline-rules', () => listDeadlineRules(db)),
  ]);
  if (!institution) throw new Error('the institution is not set up');
  const validate = (kind: CaseKind, fields: Record<string, string>) => {
    if (!options.registeredBy) return validateIntake(kind, fields, context);
    const r = validateRegistration(fields, context, now);
    return r.ok ? ({ ok: true, submission: r.registration.submission, registration: r.registration } as const) : r;
  };
  // Read, check, write if unchanged (case-statement.ts); a draft changed in
  // another tab meanwhile is read and checked again, a draft sent meanwhile
  // (a double click) gives the same case.
  for (let attempt = 0; ; attempt++) {
    const found = await findDraftToSend(db, draftId, options.kind, context);
    if (!found) return { ok: false, reason: 'not_found' };
    const { draft, unit } = found;
    // Sent before (a double click, the back button): the same case, not a second one.
    if (draft.submittedCaseId !== null)
      return draft.submittedToken
        ? { ok: true, caseId: draft.submittedCaseId, token: draft.submittedToken, repeated: true }
        : { ok: false, reason: 'not_found' };
    const checked = validate(draft.kind, draft.fields);
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
    // Counted once: a draft changed meanwhile is written again uncounted.
    const intakeLimit = attempt === 0 ? options.intakeLimit : undefined;
    const written = await writeSubmission(db, draft, checked, { ...options, intakeLimit, now, institution, calendar, rules, unit });
    if (written) return written;
    if (attempt >= 20) throw new Error('the draft kept changing while it was being sent');
  }
}

type Checked = Extract<ReturnType<typeof validateIntake>, { ok: true }> & {
  registration?: Extract<ReturnType<typeof validateRegistration>, { ok: true }>['registration'];
};

/** The case from a checked draft, in one statement; undefined if the draft changed meanwhile. */
async function writeSubmission(
  db: Database,
  draft: Draft,
  checked: Checked,
  options: {
    baseUrl: string;
    now: Date;
    acknowledgementsPerAddress?: number;
    registeredBy?: { staffId: number };
    intakeLimit?: SubmitOptions['intakeLimit'];
    institution: Institution;
    calendar: Parameters<typeof computeDeadline>[0];
    rules: Parameters<typeof computeDeadline>[1];
    /** The people of the unit read with the draft (findDraftToSend). */
    unit: DraftToSend['unit'];
  },
): Promise<SendResult | undefined> {
  const { now, institution } = options;
  const s = checked.submission;
  const registration = checked.registration;
  // A registered submission was received when the official says, within limits (register-rules.ts).
  const receivedAt = registration?.received.receivedAt ?? now;
  // S-10, M4: an official of the unit, else its manager, else the director's queue (routing.ts).
  // Read with the draft, unless the rules chose another unit than its topic's.
  const routing =
    options.unit.id === s.unitId
      ? routeInUnit(options.unit.people, s.replyLanguage)
      : (await routeToUnit(db, s.unitId, s.replyLanguage)).choice;

  // S-4.6: the deadline from the law in force on the day of receipt (Riga);
  // m6: environmental information by its own rule.
  const deadline = computeDeadline(options.calendar, options.rules, deadlineKindFor(s.kind, s.topic), receivedAt);
  const receivedOn = rigaDateOf(receivedAt);
  const token = newStatusToken();
  // The letter is composed before the number exists: a placeholder takes its
  // place until the number is taken at commit (case-statement.ts).
  const placeholder = referencePlaceholder();
  const to = s.contact.email;
  const intakeLimit = options.intakeLimit ?? [];
  const { written, intake } = await writeCase(db, {
    draft,
    now,
    intakeCounts: inWindows(intakeLimit, now),
    referencePrefix: institution.referencePrefix,
    placeholder,
    token,
    row: {
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
    },
    events: [
      { at: receivedAt, type: 'received', visibleToClient: true, data: { notices: s.notices } },
      // Issue 16: who put it in the register, and how it had arrived.
      ...(registration
        ? [{ at: now, type: 'registered', actorStaffId: options.registeredBy!.staffId, data: { channel: registration.channel } }]
        : []),
      // S-10: where the case went and why; the official is chosen by routing.
      { at: now, type: 'routed_to_unit', data: { unitId: s.unitId, by: s.routedBy, topic: s.topic?.code ?? null } },
      { at: now, type: 'assigned', data: { staffId: routing.staffId, reason: routing.reason } },
      ...(s.replyLanguage !== s.requestedLanguage
        ? [
            {
              at: now,
              type: 'reply_language_fallback',
              visibleToClient: true,
              data: { requested: s.requestedLanguage, replyIn: s.replyLanguage },
            },
          ]
        : []),
      // Over the daily cap (acknowledgementCounter): said on the confirmation and status pages, and to the official.
      { at: now, type: 'acknowledgement_withheld', visibleToClient: true, data: {}, ifWithheld: true },
    ],
    acknowledgement: to
      ? {
          counter: acknowledgementCounter(to, now, options.acknowledgementsPerAddress),
          mail: {
            kind: 'submission.acknowledged',
            to,
            locale: draft.locale,
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
          },
        }
      : undefined,
  });
  if (written) return { ok: true, caseId: written.caseId, token, repeated: false };
  const over = decisionsOf(intakeLimit, intake, now).filter((d) => !d.allowed);
  if (over.length) return { ok: false, reason: 'over_limit', retryAfterSeconds: Math.max(...over.map((d) => d.retryAfterSeconds)) };
  return undefined;
}
