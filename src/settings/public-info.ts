import type { Database } from '#src/db/client.ts';
import { ruleInForce } from '#src/calendar/deadlines.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { getInstitution, listDeadlineRules, type Institution } from './queries.ts';
import { cachedReference } from './cache.ts';

export type AnswerPeriod = { amount: number; unit: 'working_days' | 'calendar_days' | 'months' };

/** What the public pages say about the institution: identity, contacts and the answer period in force today (S-4.6). */
export async function publicInformation(
  db: Database,
  now: Date = new Date(),
): Promise<{ institution: Institution | undefined; answerPeriod: AnswerPeriod | undefined }> {
  const [institution, rules] = await Promise.all([
    cachedReference(db, 'institution', () => getInstitution(db)),
    cachedReference(db, 'deadline-rules', () => listDeadlineRules(db)),
  ]);
  const rule = ruleInForce(rules, 'question', todayInRiga(now));
  return { institution, answerPeriod: rule ? { amount: rule.amount, unit: rule.unit } : undefined };
}

export function institutionName(institution: Institution, locale: string): string {
  return locale === 'lv' ? institution.nameLv : institution.nameEn;
}
