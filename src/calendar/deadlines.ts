import { addCalendarDays, addMonths, weekday, type IsoDate } from './dates.ts';
import { rigaDateOf } from './riga-time.ts';
import { addWorkingDays, rollForwardToWorkingDay, type CalendarData } from './working-days.ts';

export type PeriodUnit = 'working_days' | 'calendar_days' | 'months';

/** How long a kind of request may take, in force from a date (latvia.md). */
export type DeadlineRule = {
  id?: number;
  requestKind: string;
  effectiveFrom: IsoDate;
  amount: number;
  unit: PeriodUnit;
  extendedAmount?: number | null;
  extendedUnit?: PeriodUnit | null;
};

/**
 * m6: the kind of deadline rule a new case is counted by. An information
 * request on a topic flagged as environmental information (topics.
 * environmental_information) follows the environmental-information rule
 * (1 month, up to 2 if voluminous and complex; latvia.md); every other
 * request follows the rule of its own kind.
 */
export function deadlineKindFor(kind: string, topic: { environmentalInformation?: boolean } | null | undefined): string {
  return kind === 'information_request' && topic?.environmentalInformation ? 'environmental_information' : kind;
}

/** The rule of that kind in force on a date: the latest effectiveFrom not after it. */
export function ruleInForce(rules: readonly DeadlineRule[], requestKind: string, onDate: IsoDate): DeadlineRule | undefined {
  let best: DeadlineRule | undefined;
  for (const r of rules) {
    if (r.requestKind !== requestKind || r.effectiveFrom > onDate) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

export type PeriodEnd = { dueOn: IsoDate; rolledForwardFrom?: IsoDate };

/**
 * APL s.42–43: a period starts the day after receipt. Working days count
 * only working days; a calendar-day or month period that ends on a Saturday,
 * Sunday or day off moves to the next working day.
 */
export function periodEnd(cal: CalendarData, receivedOn: IsoDate, amount: number, unit: PeriodUnit): PeriodEnd {
  if (unit === 'working_days') return { dueOn: addWorkingDays(cal, receivedOn, amount) };
  const nominal = unit === 'months' ? addMonths(receivedOn, amount) : addCalendarDays(receivedOn, amount);
  const dueOn = rollForwardToWorkingDay(cal, nominal);
  return dueOn === nominal ? { dueOn } : { dueOn, rolledForwardFrom: nominal };
}

export function dueDate(cal: CalendarData, rule: DeadlineRule, receivedOn: IsoDate): IsoDate {
  return periodEnd(cal, receivedOn, rule.amount, rule.unit).dueOn;
}

/** The latest the deadline may be extended to, or undefined when the rule allows no extension. */
export function extendedDueDate(cal: CalendarData, rule: DeadlineRule, receivedOn: IsoDate): IsoDate | undefined {
  if (!rule.extendedAmount || !rule.extendedUnit) return undefined;
  return periodEnd(cal, receivedOn, rule.extendedAmount, rule.extendedUnit).dueOn;
}

/** Why a day was passed over when a period's end moved forward (APL s.43). */
export type SkippedDay = {
  date: IsoDate;
  reason: 'saturday' | 'sunday' | 'holiday' | 'day_off';
  /** The calendar's name for a holiday or day off. */
  nameLv?: string;
  nameEn?: string;
};

/**
 * One step of the reckoning, in order, so a page can explain a deadline in
 * any language: received → period starts → period counted → (rolled
 * forward) → due. Data only; the words belong to the locale files.
 */
export type DeadlineStep =
  | { step: 'received'; date: IsoDate }
  // APL s.42: the period starts the day after receipt.
  | { step: 'period_starts'; date: IsoDate }
  | { step: 'period_counted'; amount: number; unit: PeriodUnit; ruleEffectiveFrom: IsoDate; endsOn: IsoDate }
  // APL s.43: a calendar or month period ending on a day that is not worked moves on.
  | { step: 'rolled_forward'; from: IsoDate; to: IsoDate; skipped: SkippedDay[] }
  | { step: 'due'; date: IsoDate };

/** Everything a page needs to explain a deadline: received, rule, due, any roll-forward, and the steps. */
export type DeadlineComputation = {
  receivedOn: IsoDate;
  rule: DeadlineRule;
  dueOn: IsoDate;
  rolledForwardFrom?: IsoDate;
  latestExtendedDueOn?: IsoDate;
  steps: DeadlineStep[];
};

function skippedDays(cal: CalendarData, from: IsoDate, to: IsoDate): SkippedDay[] {
  const skipped: SkippedDay[] = [];
  for (let d = from; d < to; d = addCalendarDays(d, 1)) {
    const entry = cal.days.get(d);
    if (entry && entry.kind !== 'working_day') {
      skipped.push({ date: d, reason: entry.kind, nameLv: entry.nameLv, nameEn: entry.nameEn });
    } else {
      skipped.push({ date: d, reason: weekday(d) === 6 ? 'saturday' : 'sunday' });
    }
  }
  return skipped;
}

export function computeDeadline(
  cal: CalendarData,
  rules: readonly DeadlineRule[],
  requestKind: string,
  receivedAt: Date,
): DeadlineComputation | undefined {
  // latvia.md: times are Europe/Riga, so the day of receipt is the Riga date.
  const receivedOn = rigaDateOf(receivedAt);
  const rule = ruleInForce(rules, requestKind, receivedOn);
  if (!rule) return undefined;
  const end = periodEnd(cal, receivedOn, rule.amount, rule.unit);
  const latest = extendedDueDate(cal, rule, receivedOn);
  const endsOn = end.rolledForwardFrom ?? end.dueOn;
  const steps: DeadlineStep[] = [
    { step: 'received', date: receivedOn },
    { step: 'period_starts', date: addCalendarDays(receivedOn, 1) },
    { step: 'period_counted', amount: rule.amount, unit: rule.unit, ruleEffectiveFrom: rule.effectiveFrom, endsOn },
    ...(end.rolledForwardFrom
      ? [
          {
            step: 'rolled_forward',
            from: end.rolledForwardFrom,
            to: end.dueOn,
            skipped: skippedDays(cal, end.rolledForwardFrom, end.dueOn),
          } as const,
        ]
      : []),
    { step: 'due', date: end.dueOn },
  ];
  return {
    receivedOn,
    rule,
    dueOn: end.dueOn,
    ...(end.rolledForwardFrom ? { rolledForwardFrom: end.rolledForwardFrom } : {}),
    ...(latest ? { latestExtendedDueOn: latest } : {}),
    steps,
  };
}

const LONG_AGO = '2000-01-01';
/** The 1 March 2026 amendments to the Law on Submissions (latvia.md). */
const SUBMISSIONS_REFORM = '2026-03-01';

/** Seed rules from latvia.md; the database holds them and an administrator edits them. */
export function seedDeadlineRules(): DeadlineRule[] {
  const submissions = ['question', 'complaint', 'suggestion', 'callback'].flatMap((kind): DeadlineRule[] => [
    { requestKind: kind, effectiveFrom: LONG_AGO, amount: 1, unit: 'months', extendedAmount: 4, extendedUnit: 'months' },
    { requestKind: kind, effectiveFrom: SUBMISSIONS_REFORM, amount: 10, unit: 'working_days', extendedAmount: 1, extendedUnit: 'months' },
  ]);
  return [
    ...submissions,
    // Freedom of Information Law: 15 days; whether working days is
    // unconfirmed (latvia.md), so calendar days, the shorter reading, kept
    // as a rule an administrator can change.
    {
      requestKind: 'information_request',
      effectiveFrom: LONG_AGO,
      amount: 15,
      unit: 'calendar_days',
      extendedAmount: null,
      extendedUnit: null,
    },
    {
      requestKind: 'environmental_information',
      effectiveFrom: LONG_AGO,
      amount: 1,
      unit: 'months',
      extendedAmount: 2,
      extendedUnit: 'months',
    },
    // Forwarding a case outside our competence (S-14.1).
    { requestKind: 'referral', effectiveFrom: LONG_AGO, amount: 7, unit: 'working_days', extendedAmount: null, extendedUnit: null },
    {
      requestKind: 'referral',
      effectiveFrom: SUBMISSIONS_REFORM,
      amount: 5,
      unit: 'working_days',
      extendedAmount: null,
      extendedUnit: null,
    },
  ];
}
