// Issue 16 in the monthly deadlines report, beside the referrals: what
// clients chose on the "is this for us?" page, how many were sent
// elsewhere and to which authority, and how many went on to our forms.
// Counted from matter_choices (src/matter/queries.ts): the whole portal,
// since a client there belongs to no unit yet.
import { localName } from '#src/i18n/local-name.ts';
import type { Translate } from '#src/i18n/index.ts';
import type { MatterChoiceCounts } from '#src/matter/queries.ts';
import { count, text, type ReportTable } from './tables.ts';

export function questionPageTable(t: Translate, locale: string, counts: MatterChoiceCounts, monthLabel: string): ReportTable {
  return {
    id: 'question-page',
    caption: t('quality:questionPage.caption', { month: monthLabel }),
    head: [t('quality:questionPage.choice'), t('quality:questionPage.clients')],
    rows: [
      [text(t('quality:questionPage.elsewhere')), count(counts.elsewhere)],
      ...counts.byAuthority.map((a) => [
        text(t('quality:questionPage.toAuthority', { name: a.authority ? localName(a.authority, locale) : a.code })),
        count(a.count),
      ]),
      [text(t('quality:questionPage.ours')), count(counts.ours)],
      [text(t('quality:questionPage.unsure')), count(counts.unsure)],
    ],
  };
}
