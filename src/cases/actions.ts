import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { getInstitution, listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { extendedDueDate, ruleInForce } from '#src/calendar/deadlines.ts';
import { caseEvents, cases, type ReplyChannel } from './schema.ts';
import { allowedActions, maySeeCase, statusesAfter, type Actor, type CaseAction } from './rules.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { dateField } from '#src/calendar/date-text.ts';
import { unfilledProblem } from '#src/settings/templates.ts';
import { tellDirectorsOfProposedRefusal } from './staff-mail.ts';
import { clientMail, type ClientMailKind } from './messages.ts';
import { hashStatusToken, newStatusToken } from './status-link.ts';
import { languageOnReassign } from './routing.ts';
import { routeToUnit } from './routing-queries.ts';
import { STATE_LANGUAGE } from '#src/intake/language.ts';
import { localName } from '#src/i18n/local-name.ts';
import { referralChange } from './referral.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';

// What officials do with a case (S-10, S-14.1, S-14.6.2, S-11/12, S-5.3,
// S-14.3.1). Each action is one transaction: the case row (its version
// checked and bumped, so of two officials acting at once exactly one wins),
// its history, and the messages to the client in the outbox.

/**
 * `tellClient`: the action has a letter for the client, but the client gave
 * no e-mail address: the official must tell them by their channel.
 */
export type ActionResult =
  | { ok: true; tellClient?: ReplyChannel; checked?: true }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'conflict' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

/**
 * `check`: only check the input, with every rule the real action applies,
 * and write nothing (`{ ok: true, checked: true }`): the case page asks for a
 * confirmation of an action that cannot be undone only once it would succeed
 * (decision 0020).
 */
export type ActionContext = {
  actor: Actor & { fullName: string };
  caseId: number;
  version: number;
  baseUrl: string;
  now?: Date;
  check?: boolean;
};

export type CaseRow = typeof cases.$inferSelect;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type Change = {
  set?: Partial<Omit<CaseRow, 'id' | 'version'>>;
  events: Array<{ type: string; visibleToClient?: boolean; data?: Record<string, unknown> }>;
  /** A message to the client (when they gave an e-mail address). */
  mail?: { kind: ClientMailKind; values: Record<string, string> };
};

export const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'tooLong');
export const optional = (max: number) => z.string().trim().max(max, 'tooLong');

/** Runs one case action (other capabilities' actions too, e.g. S-13 invitations): see the comment at the top. */
export async function act(
  db: Database,
  ctx: ActionContext,
  action: CaseAction,
  work: (tx: Tx, c: CaseRow, now: Date) => Promise<Change | { problems: FieldProblem[] }>,
): Promise<ActionResult> {
  const now = ctx.now ?? new Date();
  const done = db.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.id, ctx.caseId)).for('update');
    // Another unit's case is "not found", not "forbidden": its existence is not theirs to know.
    if (!c || !maySeeCase(ctx.actor, c)) return { ok: false, reason: 'not_found' } as const;
    if (c.version !== ctx.version) return { ok: false, reason: 'conflict' } as const;
    const facts = { ...c, callbackDecision: (c.particulars.callbackDecision as string | undefined) ?? null };
    if (!allowedActions(ctx.actor, facts, rigaDateOf(now)).includes(action)) return { ok: false, reason: 'forbidden' } as const;
    const change = await work(tx, c, now);
    if ('problems' in change) return { ok: false, reason: 'invalid', problems: change.problems } as const;
    // The lifecycle's model (rules.ts) is the law of this code: an action that would lead elsewhere is a bug, not a case.
    if (change.set?.status && !statusesAfter(action, c).includes(change.set.status)) {
      throw new Error(`${action} may not lead a ${c.status} case to ${change.set.status}`);
    }
    // A check ends here; thrown, so that whatever the work wrote (a referral's rows) is rolled back too.
    if (ctx.check) throw new OnlyChecked();
    const updated = await tx
      .update(cases)
      .set({ ...change.set, version: sql`${cases.version} + 1` })
      .where(and(eq(cases.id, c.id), eq(cases.version, ctx.version)))
      .returning({ id: cases.id });
    // Lost the race after the work wrote its rows (a referral, letters): throw, so all of it rolls back.
    if (updated.length === 0) throw new LostRace();
    await tx.insert(caseEvents).values(
      change.events.map((e) => ({
        caseId: c.id,
        at: now,
        type: e.type,
        actorStaffId: ctx.actor.id,
        visibleToClient: e.visibleToClient ?? false,
        data: e.data ?? {},
      })),
    );
    if (change.mail && c.contactEmail) {
      const institution = await getInstitution(tx as unknown as Database);
      const mail = clientMail(change.mail.kind, {
        locale: c.locale,
        reference: c.reference,
        name: c.contactName,
        institution: institution!,
        official: ctx.actor.fullName,
        complaintUrl: absoluteUrl(ctx.baseUrl, publicPaths.complaint(c.locale, c.reference)),
        appealRoute: localName(institution, c.locale, 'appealRoute'),
        ...change.mail.values,
      });
      await enqueueMail(tx, { kind: `case.${change.mail.kind}`, to: c.contactEmail, locale: c.locale, caseId: c.id, ...mail });
    }
    if (change.mail && !c.contactEmail && !c.anonymous) return { ok: true, tellClient: c.replyChannel ?? 'post' } as const;
    return { ok: true } as const;
  });
  return done.catch((error: unknown) => {
    if (error instanceof LostRace) return { ok: false, reason: 'conflict' } as const;
    if (error instanceof OnlyChecked) return { ok: true, checked: true } as const;
    throw error;
  });
}

/** A case changed between the lock and the update: the action's transaction is undone. */
class LostRace extends Error {}

/** A check found the input good: the transaction is undone, nothing was written. */
class OnlyChecked extends Error {}

export function parse<T extends z.ZodType>(schema: T, input: unknown): { data: z.output<T> } | { problems: FieldProblem[] } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { data: parsed.data } : { problems: problemsFromZod(parsed.error) };
}

/** Answers the client by the channel they chose (S-6); e-mail goes through the outbox, the rest is recorded as done. */
export function answerCase(db: Database, ctx: ActionContext, input: { text: string; note: string }): Promise<ActionResult> {
  return act(db, ctx, 'answer', async (_tx, c, now) => {
    const p = parse(z.object({ text: text(20_000), note: optional(2000) }), input);
    if ('problems' in p) return p;
    const unfilled = unfilledProblem('text', p.data.text);
    if (unfilled) return unfilled;
    const ratingToken = newStatusToken();
    return {
      set: { status: 'answered', answeredAt: c.answeredAt ?? now, ratingTokenHash: hashStatusToken(ratingToken) },
      events: [
        { type: 'answered', visibleToClient: true, data: { text: p.data.text, channel: c.replyChannel, note: p.data.note || null } },
      ],
      // Every answer links to the complaint form (S-5.1) and to rating it (Q-2c).
      // S-6: by e-mail when that was the channel chosen; phone and post are recorded as done.
      ...(c.replyChannel === 'email'
        ? {
            mail: {
              kind: 'answer' as const,
              values: { answer: p.data.text, rateUrl: absoluteUrl(ctx.baseUrl, publicPaths.rating(c.locale, ratingToken)) },
            },
          }
        : {}),
    };
  });
}

/**
 * Hands the case to a colleague or another unit, with the reason (S-10). A
 * unit gets its case routed as at intake: an official by language and
 * fewest open cases, else its manager, else the director's queue (M4).
 * Where nobody who will answer speaks the language promised to the client
 * (S-7, S-14.5, m1), the official must confirm; the reply is then in
 * Latvian and the client is told, before the answer.
 */
export function reassignCase(
  db: Database,
  ctx: ActionContext,
  input: { assignee: string; reason: string; confirmLanguage?: string },
): Promise<ActionResult> {
  return act(db, ctx, 'reassign', async (tx, c) => {
    const p = parse(
      z.object({ assignee: z.string().regex(/^(staff|unit):\d+$/, 'choose'), reason: text(2000), confirmLanguage: z.string().optional() }),
      input,
    );
    if ('problems' in p) return p;
    const [kind, idText] = p.data.assignee.split(':') as ['staff' | 'unit', string];
    const id = Number(idText);
    let change: Change & { set: NonNullable<Change['set']> };
    let spoken: ReadonlyArray<readonly string[]>;
    if (kind === 'staff') {
      const [person] = await tx
        .select()
        .from(staffMembers)
        .where(and(eq(staffMembers.id, id), eq(staffMembers.active, true)));
      if (!person || !person.unitId || !['official', 'manager'].includes(person.role))
        return { problems: [{ field: 'assignee', key: 'choose' }] };
      spoken = [person.languages];
      change = {
        set: { assigneeId: id, unitId: person.unitId, status: 'in_progress' },
        events: [{ type: 'reassigned', data: { from: c.assigneeId, to: id, unitId: person.unitId, reason: p.data.reason } }],
      };
    } else {
      const [unit] = await tx
        .select()
        .from(units)
        .where(and(eq(units.id, id), eq(units.active, true)));
      if (!unit) return { problems: [{ field: 'assignee', key: 'choose' }] };
      const routed = await routeToUnit(tx, id, c.replyLanguage);
      spoken = routed.spoken;
      change = {
        set: { unitId: id, assigneeId: routed.choice.staffId },
        events: [
          { type: 'reassigned', data: { from: c.assigneeId, toUnit: id, reason: p.data.reason } },
          { type: 'assigned', data: { staffId: routed.choice.staffId, reason: routed.choice.reason } },
        ],
      };
    }
    const language = languageOnReassign(c.replyLanguage, spoken);
    if (language.keeps) return change;
    if (p.data.confirmLanguage !== 'yes') return { problems: [{ field: 'confirmLanguage', key: 'languageLost' }] };
    return {
      set: { ...change.set, replyLanguage: STATE_LANGUAGE },
      events: [
        ...change.events,
        // Shown on the status page as at intake ("requested": the language no longer kept).
        { type: 'reply_language_changed', visibleToClient: true, data: { requested: language.from, replyIn: STATE_LANGUAGE } },
      ],
      mail: { kind: 'language_changed', values: { language: language.from } },
    };
  });
}

/**
 * S-14.1: refers the whole case, or a part, to the authority whose
 * competence it is: forwards the submission and tells the client how
 * (src/cases/referral.ts).
 */
export function referCase(
  db: Database,
  ctx: ActionContext,
  input: { authority: string; scope: string; note: string },
): Promise<ActionResult> {
  return act(db, ctx, 'refer', (tx, c, now) => referralChange(tx, ctx, c, now, input));
}

/** S-8, S-14.6.2: not examined on the merits; the client is told why; the case stays on record. */
export function markAbusive(db: Database, ctx: ActionContext, input: { reason: string }): Promise<ActionResult> {
  return act(db, ctx, 'mark_abusive', async (_tx, _c, now) => {
    const p = parse(z.object({ reason: text(5000) }), input);
    if ('problems' in p) return p;
    const unfilled = unfilledProblem('reason', p.data.reason);
    if (unfilled) return unfilled;
    return {
      set: { status: 'not_examined', closedAt: now },
      events: [{ type: 'not_examined', visibleToClient: true, data: { reason: p.data.reason } }],
      mail: { kind: 'abusive', values: { reason: p.data.reason } },
    };
  });
}

/** Extends the deadline within what the law allows for the kind, with the reason; the client is told. */
export function extendDeadline(db: Database, ctx: ActionContext, input: { dueOn: string; reason: string }): Promise<ActionResult> {
  return act(db, ctx, 'extend_deadline', async (tx, c, now) => {
    const p = parse(z.object({ dueOn: dateField, reason: text(2000) }), input);
    if ('problems' in p) return p;
    // allowedActions already hides it once the due date has passed; said again here for the letter's sake (M2).
    if (c.dueOn && c.dueOn < rigaDateOf(now)) return { problems: [{ field: 'dueOn', key: 'pastDue' }] };
    const [{ calendar }, rules] = await Promise.all([
      loadCalendar(tx as unknown as Database),
      listDeadlineRules(tx as unknown as Database),
    ]);
    const rule = c.deadlineRuleId ? rules.find((r) => r.id === c.deadlineRuleId) : ruleInForce(rules, c.kind, c.receivedOn);
    const latest = rule ? extendedDueDate(calendar, rule, c.receivedOn) : undefined;
    if (!latest) return { problems: [{ field: 'dueOn', key: 'noExtension' }] };
    if (c.dueOn && p.data.dueOn <= c.dueOn) return { problems: [{ field: 'dueOn', key: 'notLater' }] };
    if (p.data.dueOn > latest) return { problems: [{ field: 'dueOn', key: 'beyondLaw', values: { latest } }] };
    return {
      set: { dueOn: p.data.dueOn },
      events: [{ type: 'deadline_extended', visibleToClient: true, data: { from: c.dueOn, to: p.data.dueOn, reason: p.data.reason } }],
      mail: { kind: 'extension', values: { dueOn: p.data.dueOn, reason: p.data.reason } },
    };
  });
}

/** S-11/12: the official proposes refusing a request out of proportion; the director decides. */
export function proposeRefusal(db: Database, ctx: ActionContext, input: { reason: string }): Promise<ActionResult> {
  return act(db, ctx, 'propose_refusal', async (tx, c) => {
    const p = parse(z.object({ reason: text(5000) }), input);
    if ('problems' in p) return p;
    await tellDirectorsOfProposedRefusal(tx, c, { official: ctx.actor.fullName, reason: p.data.reason, baseUrl: ctx.baseUrl });
    return {
      set: { pendingDecision: 'refusal', status: 'in_progress' },
      events: [{ type: 'refusal_proposed', data: { reason: p.data.reason } }],
    };
  });
}

export function decideRefusal(db: Database, ctx: ActionContext, input: { decision: string; reason: string }): Promise<ActionResult> {
  return act(db, ctx, 'decide_refusal', async (_tx, _c, now) => {
    const p = parse(z.object({ decision: z.enum(['refuse', 'reject'], 'choose'), reason: text(5000) }), input);
    if ('problems' in p) return p;
    if (p.data.decision === 'reject') {
      return { set: { pendingDecision: null }, events: [{ type: 'refusal_rejected', data: { reason: p.data.reason } }] };
    }
    return {
      set: { pendingDecision: null, status: 'refused', closedAt: now },
      events: [{ type: 'refused', visibleToClient: true, data: { reason: p.data.reason } }],
      mail: { kind: 'refusal', values: { reason: p.data.reason } },
    };
  });
}

/**
 * S-14.3.1: the callback is made and its outcome recorded. A number that
 * cannot be reached, or turns out to be foreign, switches the case to a
 * written answer by e-mail when the client gave an address.
 */
export function recordCall(db: Database, ctx: ActionContext, input: { outcome: string; note: string }): Promise<ActionResult> {
  return act(db, ctx, 'record_call', async (_tx, c, now) => {
    const p = parse(z.object({ outcome: z.enum(['reached', 'unreachable', 'foreign'], 'choose'), note: optional(5000) }), input);
    if ('problems' in p) return p;
    if (p.data.outcome === 'reached') {
      if (!p.data.note) return { problems: [{ field: 'note', key: 'required' }] };
      return {
        set: { status: 'answered', answeredAt: c.answeredAt ?? now },
        events: [{ type: 'call_made', visibleToClient: true, data: { outcome: 'reached', note: p.data.note } }],
      };
    }
    return {
      set: {
        replyChannel: c.contactEmail ? 'email' : c.replyChannel,
        status: 'in_progress',
        particulars: { ...c.particulars, callbackDecision: 'email_instead' },
      },
      events: [
        {
          type: 'call_failed',
          visibleToClient: true,
          data: { outcome: p.data.outcome, note: p.data.note || null, switchedTo: c.contactEmail ? 'email' : null },
        },
      ],
    };
  });
}
