// Seed values for the satisfaction surveys. latvia.md: no national
// questionnaire is mandated, so these are a starting point a manager edits;
// pages read whatever surveys the database holds.
import type { SurveyCriterion } from '#src/quality/schema.ts';

/**
 * The 5-point verbal scale: the State Chancellery's yearly survey reports
 * the share of "excellent" plus "good", which this scale gives directly.
 */
export const seedScale = {
  min: 1,
  max: 5,
  labels: {
    lv: ['Ļoti slikti', 'Slikti', 'Viduvēji', 'Labi', 'Teicami'],
    en: ['Very poor', 'Poor', 'Fair', 'Good', 'Excellent'],
  },
};

/** latvia.md's suggested items, each mapped to an annex criterion. */
export const seedItems: ReadonlyArray<{ criterion: SurveyCriterion; textLv: string; textEn: string }> = [
  {
    // employee competence.
    criterion: 'competence',
    textLv: 'Cik zinoši un kompetenti bija darbinieki, ar kuriem sazinājāties?',
    textEn: 'How knowledgeable and competent were the staff you dealt with?',
  },
  {
    // communication skills.
    criterion: 'communication',
    textLv: 'Cik laipni un saprotami darbinieki ar jums sazinājās?',
    textEn: 'How polite and clear were the staff when communicating with you?',
  },
  {
    criterion: 'clarity',
    textLv: 'Cik skaidra un saprotama bija saņemtā atbilde vai informācija?',
    textEn: 'How clear and understandable was the answer or information you received?',
  },
  {
    // service delivery deadlines.
    criterion: 'timeliness',
    textLv: 'Cik ātri saņēmāt atbildi vai pakalpojumu?',
    textEn: 'How quickly did you receive the answer or service?',
  },
  {
    criterion: 'reach',
    textLv: 'Cik viegli bija sazināties ar iestādi?',
    textEn: 'How easy was it to get in touch with the institution?',
  },
  {
    // client satisfaction with the service.
    criterion: 'overall',
    textLv: 'Kopumā cik apmierināti esat ar saņemto apkalpošanu?',
    textEn: 'Overall, how satisfied are you with the service you received?',
  },
];

/** the yearly campaign, open for the whole calendar year. */
export function yearlyCampaign(year: number) {
  return {
    code: `yearly-${year}`,
    period: 'yearly' as const,
    titleLv: `Klientu apmierinātības aptauja ${year}`,
    titleEn: `Client satisfaction survey ${year}`,
    introLv: 'Palīdziet mums uzlabot apkalpošanu: novērtējiet, kā jūs apkalpojām.',
    introEn: 'Help us improve our service by telling us how we served you.',
    year,
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
    open: true,
    forCaseRatings: false,
  };
}

/** Q-2c: the survey an answered case's link leads to ("as needed"). */
export function caseRatingSurvey(opensOn: string) {
  return {
    code: 'case-rating',
    period: 'as_needed' as const,
    titleLv: 'Novērtējiet, kā tika izskatīts jūsu iesniegums',
    titleEn: 'Rate how your case was handled',
    introLv: 'Jūsu vērtējums palīdzēs mums uzlabot darbu.',
    introEn: 'Your rating helps us improve our work.',
    year: null,
    opensOn,
    closesOn: null,
    open: true,
    forCaseRatings: true,
  };
}

/** Seeded texts as first worded, before the language review (ux.md §3): a database still holding one gets the text as now seeded. */
export const earlierSurveyItemTexts: ReadonlyArray<{ criterion: SurveyCriterion; textLv: string }> = [
  { criterion: 'overall', textLv: 'Kopumā cik apmierināts esat ar saņemto apkalpošanu?' },
];
export const earlierSurveyTitles: ReadonlyArray<{ code: 'case-rating'; titleLv: string }> = [
  { code: 'case-rating', titleLv: 'Novērtējiet, kā tika izskatīts jūsu jautājums' },
];
