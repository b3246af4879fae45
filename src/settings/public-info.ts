import type { Database } from '#src/db/client.ts';
import { ruleInForce } from '#src/calendar/deadlines.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import {
  getInstitution,
  listActiveAuthorities,
  listActiveServices,
  listActiveTopics,
  listDeadlineRules,
  listUnits,
  type Institution,
} from './queries.ts';
import { localName } from '#src/i18n/local-name.ts';
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
  return localName(institution, locale);
}

/**
 * S-4.5: the institution's structure and competences as the public sees
 * them: each active unit with the topics it answers for and its contacts,
 * the services with their prices and the unit that gives each (a service
 * of an inactive unit is not offered), and the other authorities with
 * theirs, so a client can tell whether a matter is ours before writing.
 */
export async function publicStructure(db: Database) {
  const [unitRows, topicRows, serviceRows, authorityRows] = await Promise.all([
    listUnits(db),
    listActiveTopics(db),
    listActiveServices(db),
    listActiveAuthorities(db),
  ]);
  const active = unitRows.filter((u) => u.active);
  return {
    units: active.map((u) => ({ ...u, topics: topicRows.filter((t) => t.unitId === u.id) })),
    services: serviceRows.flatMap((s) => {
      const unit = active.find((u) => u.id === s.unitId);
      return unit ? [{ ...s, unit }] : [];
    }),
    authorities: authorityRows,
  };
}
