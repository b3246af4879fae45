import type { Translate } from './index.ts';

const KEYS = { working_days: 'common:workingDays', calendar_days: 'common:calendarDays', months: 'common:months' } as const;

/** "10 working days", "1 month" — a deadline period in words, pluralised by Intl. */
export function periodText(t: Translate, period: { amount: number; unit: keyof typeof KEYS }): string {
  return t(KEYS[period.unit], { count: period.amount });
}
