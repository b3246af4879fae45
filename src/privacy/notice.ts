import type { Translate } from '#src/i18n/index.ts';
import { RETENTION_KINDS, type RetentionPeriods } from './rules.ts';

/**
 * The privacy notice's retention paragraph from the periods in force
 * (GDPR Art. 13(2)(a): the period for which data will be stored), so the
 * notice never says one thing while the job does another. Undefined while a
 * period is missing: the notice then keeps its general sentence.
 */
export function retentionNotice(t: Translate, periods: Partial<RetentionPeriods>): string | undefined {
  if (RETENTION_KINDS.some((kind) => periods[kind] === undefined)) return undefined;
  const days = (count: number | undefined) => t('privacy:notice.days', { count });
  return t('privacy:notice.retention', {
    closedCases: days(periods.closed_cases),
    surveyContacts: days(periods.survey_contacts),
    sentMail: days(periods.sent_mail),
  });
}
