// S-14.1 in the monthly deadlines report (Q-5b): the referrals made in a
// month to other authorities, forwarded on time or late against the
// referral rule's limit (receipt + 5 working days from 1 March 2026,
// latvia.md), and how they went (e-mail or post). Counted from
// case_referrals, written in the referral's own transaction.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { caseReferrals, cases } from '#src/cases/schema.ts';
import type { Translate } from '#src/i18n/index.ts';
import { monthRange, type Month } from '#src/calendar/periods.ts';
import { count, percent, text, type ReportTable } from './tables.ts';
import { num, type ReportScope } from './scope.ts';

export type ReferralCounts = { referred: number; onTime: number; late: number; noLimit: number; byEmail: number; byPost: number };

/** The month's referrals (by the Riga day they were made), in the unit's cases when the scope is a unit. */
export async function referralCounts(db: Database, scope: ReportScope, month: Month): Promise<ReferralCounts> {
  const range = monthRange(month);
  const [row] = await db
    .select({
      referred: sql<number>`count(*)::int`,
      onTime: sql<number>`(count(*) filter (where ${caseReferrals.referredOn} <= ${caseReferrals.forwardBy}))::int`,
      late: sql<number>`(count(*) filter (where ${caseReferrals.referredOn} > ${caseReferrals.forwardBy}))::int`,
      noLimit: sql<number>`(count(*) filter (where ${caseReferrals.forwardBy} is null))::int`,
      byEmail: sql<number>`(count(*) filter (where ${caseReferrals.delivery} = 'email'))::int`,
      byPost: sql<number>`(count(*) filter (where ${caseReferrals.delivery} = 'post'))::int`,
    })
    .from(caseReferrals)
    .innerJoin(cases, eq(cases.id, caseReferrals.caseId))
    .where(
      and(
        gte(caseReferrals.referredAt, range.start),
        lt(caseReferrals.referredAt, range.end),
        scope.kind === 'unit' ? eq(cases.unitId, scope.unitId) : undefined,
      ),
    );
  return {
    referred: num(row?.referred),
    onTime: num(row?.onTime),
    late: num(row?.late),
    noLimit: num(row?.noLimit),
    byEmail: num(row?.byEmail),
    byPost: num(row?.byPost),
  };
}

/** The table the deadlines page and its CSV show. */
export function referralsTable(t: Translate, counts: ReferralCounts, monthLabel: string): ReportTable {
  const timed = counts.onTime + counts.late;
  return {
    id: 'referrals',
    caption: t('quality:referrals.caption', { month: monthLabel }),
    head: [
      t('quality:referrals.what'),
      t('quality:referrals.referred'),
      t('quality:referrals.onTime'),
      t('quality:referrals.late'),
      t('quality:referrals.noLimit'),
      t('quality:referrals.onTimeShare'),
      t('quality:referrals.byEmail'),
      t('quality:referrals.byPost'),
    ],
    rows: [
      [
        text(t('quality:total')),
        count(counts.referred),
        count(counts.onTime),
        count(counts.late),
        count(counts.noLimit),
        percent(timed > 0 ? counts.onTime / timed : null),
        count(counts.byEmail),
        count(counts.byPost),
      ],
    ],
  };
}
