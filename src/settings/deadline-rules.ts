// The deadline rules (S-4.6, latvia.md's table): how long each kind of
// request may take, from the date a rule comes into force. What the form
// accepts, the administrator's overview and writes. A rule is never
// changed once a case may have counted its deadline by it.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { ruleInForce, type DeadlineRule, type PeriodUnit } from '#src/calendar/deadlines.ts';
import { asDeadlineRule } from './queries.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import type { Saved } from './changes.ts';
import { checkFields, dateFromText, dateTextField, LIMITS, optional, refuse } from './fields.ts';
import { deadlineRules } from './schema.ts';

/** Kinds of request a deadline rule is kept for (latvia.md's table). */
export const REQUEST_KINDS = [
  'question',
  'complaint',
  'suggestion',
  'callback',
  'information_request',
  'environmental_information',
  'referral',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const PERIOD_UNITS = ['working_days', 'calendar_days', 'months'] as const satisfies readonly PeriodUnit[];

/** The longest period each unit may express: a deadline of years is a typing mistake. */
export const PERIOD_MAX: Record<PeriodUnit, number> = { working_days: 250, calendar_days: 366, months: 24 };

/** What the form's "no extension" choice posts. */
export const NO_EXTENSION = 'none';

export const DeadlineRuleSchema = z.object({
  requestKind: z.enum(REQUEST_KINDS, 'choose'),
  effectiveFrom: dateTextField,
  unit: z.enum(PERIOD_UNITS, 'choose'),
  amount: z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^\d{1,4}$/, 'wholeNumber')
    .transform(Number),
  extendedAmount: z
    .string()
    .trim()
    .regex(/^\d{0,4}$/, 'wholeNumber')
    .transform((v) => (v === '' ? null : Number(v))),
  // The form's "no extension" radio posts 'none'.
  extendedUnit: z
    .string()
    .transform((v) => (v === '' || v === NO_EXTENSION ? null : v))
    .pipe(z.enum(PERIOD_UNITS, 'choose').nullable()),
  noteLv: optional(LIMITS.note),
  noteEn: optional(LIMITS.note),
});

export type DeadlineRulePost = PostOf<typeof DeadlineRuleSchema>;
export type DeadlineRuleInput = {
  requestKind: RequestKind;
  effectiveFrom: IsoDate;
  amount: number;
  unit: PeriodUnit;
  extendedAmount: number | null;
  extendedUnit: PeriodUnit | null;
  noteLv: string | null;
  noteEn: string | null;
};

/**
 * A rule is never changed once a case may have counted its deadline by it:
 * a case received today is counted by the rule in force today, so only a
 * rule that starts after today may still be edited or removed.
 */
export function ruleMayChange(rule: Pick<DeadlineRule, 'effectiveFrom'>, today: IsoDate): boolean {
  return rule.effectiveFrom > today;
}

/**
 * A new deadline rule, or a change to one that has not started yet. It
 * starts after today, so no case already received changes its deadline
 * (S-4.6: deadlines computed from the law in force when the case came in);
 * only the first rule of a kind may start earlier. One rule per kind and
 * date. An extension, if any, is longer than the period it extends.
 */
export function checkDeadlineRule(
  post: DeadlineRulePost,
  context: { today: IsoDate; rules: readonly DeadlineRule[]; editingId?: number },
): Outcome<DeadlineRuleInput> {
  const problems: FieldProblem[] = [];
  // The date is read below, with its own words.
  const parsed = checkFields(DeadlineRuleSchema.omit({ effectiveFrom: true }), post);
  if (!parsed.ok && parsed.reason === 'invalid') problems.push(...parsed.problems);
  const from = dateFromText(post.effectiveFrom);
  if (from === 'empty') problems.push({ field: 'effectiveFrom', key: 'dateRequired' });
  else if (from === 'invalid') problems.push({ field: 'effectiveFrom', key: 'dateInvalid' });
  if (!parsed.ok || from === 'empty' || from === 'invalid') return invalid(problems);
  const r = parsed.value;
  const others = context.rules.filter((x) => x.requestKind === r.requestKind && x.id !== context.editingId);
  if (others.length > 0 && from <= context.today) problems.push({ field: 'effectiveFrom', key: 'effectiveFromNotFuture' });
  else if (others.some((x) => x.effectiveFrom === from)) problems.push({ field: 'effectiveFrom', key: 'ruleExists' });
  if (r.amount < 1 || r.amount > PERIOD_MAX[r.unit])
    problems.push({ field: 'amount', key: 'periodRange', values: { max: PERIOD_MAX[r.unit] } });
  if (r.extendedAmount === null && r.extendedUnit !== null) problems.push({ field: 'extendedAmount', key: 'extendedBoth' });
  if (r.extendedAmount !== null && r.extendedUnit === null) problems.push({ field: 'extendedUnit', key: 'extendedBoth' });
  if (r.extendedAmount !== null && r.extendedUnit !== null) {
    if (r.extendedAmount < 1 || r.extendedAmount > PERIOD_MAX[r.extendedUnit]) {
      problems.push({ field: 'extendedAmount', key: 'periodRange', values: { max: PERIOD_MAX[r.extendedUnit] } });
    } else if (r.extendedUnit === r.unit && r.extendedAmount <= r.amount) {
      problems.push({ field: 'extendedAmount', key: 'extendedNotLonger' });
    }
  }
  if (problems.length > 0) return invalid(problems);
  return ok({
    requestKind: r.requestKind,
    effectiveFrom: from,
    amount: r.amount,
    unit: r.unit,
    extendedAmount: r.extendedAmount,
    extendedUnit: r.extendedUnit,
    noteLv: r.noteLv,
    noteEn: r.noteEn,
  });
}

export type DeadlineRuleRow = typeof deadlineRules.$inferSelect;

export type RuleOverview = {
  kind: RequestKind;
  /** Oldest first. */
  rules: Array<DeadlineRuleRow & { inForce: boolean; mayChange: boolean }>;
};

/** Every kind's rules, with the one in force today and those not started yet (which may still change). */
export async function deadlineRuleOverview(db: Database, now: Date = new Date()): Promise<RuleOverview[]> {
  const today = todayInRiga(now);
  const rows = await db.select().from(deadlineRules).orderBy(asc(deadlineRules.requestKind), asc(deadlineRules.effectiveFrom));
  const rules = rows.map(asDeadlineRule);
  return REQUEST_KINDS.map((kind) => {
    const current = ruleInForce(rules, kind, today);
    return {
      kind,
      rules: rows
        .filter((r) => r.requestKind === kind)
        .map((r) => ({ ...r, inForce: r.id === current?.id, mayChange: ruleMayChange(r, today) })),
    };
  });
}

export async function getDeadlineRule(db: Database, id: number): Promise<DeadlineRuleRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(deadlineRules).where(eq(deadlineRules.id, id));
  return row;
}

/** A new rule; it starts after today unless it is the first of its kind (rules.ts). */
export async function createDeadlineRule(db: Database, actorId: number, post: DeadlineRulePost, now: Date = new Date()): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const rules = (await tx.select().from(deadlineRules)).map(asDeadlineRule);
    const checked = checkDeadlineRule(post, { today: todayInRiga(now), rules });
    if (!checked.ok) return checked;
    const [row] = await tx.insert(deadlineRules).values(checked.value).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.create',
      entity: 'deadline_rule',
      entityId: row!.id,
      after: row!,
    });
    return ok(row!.id);
  });
}

/** Changes a rule that has not started yet; one in force or past is refused (ruleMayChange). */
export async function updateDeadlineRule(
  db: Database,
  actorId: number,
  id: number,
  post: DeadlineRulePost,
  now: Date = new Date(),
): Promise<Saved> {
  const today = todayInRiga(now);
  return db.transaction(async (tx): Promise<Saved> => {
    const [before] = await tx.select().from(deadlineRules).where(eq(deadlineRules.id, id)).for('update');
    if (!before) throw notFound(`deadline rule ${id}`);
    if (!ruleMayChange(before, today)) return refuse('form', 'ruleStarted');
    const rules = (await tx.select().from(deadlineRules)).map(asDeadlineRule);
    const checked = checkDeadlineRule(post, { today, rules, editingId: id });
    if (!checked.ok) return checked;
    const [after] = await tx.update(deadlineRules).set(checked.value).where(eq(deadlineRules.id, id)).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.update',
      entity: 'deadline_rule',
      entityId: id,
      before,
      after: after!,
    });
    return ok(id);
  });
}

/** Removes a rule that has not started yet (entered by mistake); no case can have used it. */
export async function removeDeadlineRule(db: Database, actorId: number, id: number, now: Date = new Date()): Promise<Outcome> {
  const today = todayInRiga(now);
  return db.transaction(async (tx): Promise<Outcome> => {
    const [before] = await tx.select().from(deadlineRules).where(eq(deadlineRules.id, id)).for('update');
    if (!before) throw notFound(`deadline rule ${id}`);
    if (!ruleMayChange(before, today)) return refuse('form', 'ruleStarted');
    await tx.delete(deadlineRules).where(eq(deadlineRules.id, id));
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.delete',
      entity: 'deadline_rule',
      entityId: id,
      before,
      after: null,
    });
    return ok();
  });
}
