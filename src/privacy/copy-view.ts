import type { Translate } from '#src/i18n/index.ts';
import { formatDateTime, formatLanguageName } from '#src/i18n/index.ts';
import type { SubjectExport } from './data-requests.ts';

// The printable copy of a person's data in words: a case's own answers and
// its history as the intake forms and the status page word them, so the
// person reads the same questions they answered.

type Line = { label: string; value: string };

const CHOICES: Record<string, string> = { complaintAbout: 'legend', informationForm: 'legend' };
const TEXTS = ['relatedReference', 'officialName', 'desiredOutcome', 'callbackTime'];

export function particularLines(t: Translate, particulars: SubjectExport['cases'][number]['particulars']): Line[] {
  return Object.entries(particulars)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]): Line => {
      if (key in CHOICES)
        return { label: t(`intake:fields.${key}.legend`), value: t([`intake:fields.${key}.${String(value)}`, String(value)]) };
      if (TEXTS.includes(key)) return { label: t(`intake:fields.${key}.label`), value: String(value) };
      if (key === 'abroad') return { label: t('intake:fields.abroad.legend'), value: t(value ? 'intake:check.yes' : 'intake:check.no') };
      if (key === 'callbackDecision')
        return { label: t('privacy:copy.callbackDecision'), value: t([`privacy:copy.callbackDecisions.${String(value)}`, String(value)]) };
      return { label: key, value: typeof value === 'boolean' ? t(value ? 'intake:check.yes' : 'intake:check.no') : String(value) };
    });
}

/** A history entry: what the status page says of it, or, for an internal entry, only that there was one. */
export function historyLine(t: Translate, locale: string, entry: SubjectExport['cases'][number]['history'][number]): Line {
  const at = formatDateTime(locale, new Date(entry.at));
  if (!entry.data) return { label: at, value: t('privacy:copy.internalEntry', { type: entry.type }) };
  const requested = entry.data.requested;
  return {
    label: at,
    value: t([`case:events.${entry.type}`, 'case:events.other'], {
      language: typeof requested === 'string' ? formatLanguageName(locale, requested) : '',
    }),
  };
}
