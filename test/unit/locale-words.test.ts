import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '#src/i18n/index.ts';
import { seedTemplates } from '#src/settings/templates-seed.ts';
import { caseRatingSurvey, seedItems, yearlyCampaign } from '#src/quality/surveys/seed-data.ts';

// The wording mistakes the language review found (ux.md §3), each with its
// correction. A string that matches comes back as "<where>: <phrase> →
// <correction>", so whoever adds it again sees what to write instead. The
// rules and their reasons are in docs/0018-style-guide.md.
type Rule = { lang: 'lv' | 'en'; wrong: RegExp; right: string; except?: readonly string[] };

const rules: readonly Rule[] = [
  // Polite plural: with "jūs" the predicate is plural.
  { lang: 'lv', wrong: /\b(?:esat|neesat) (?:ne)?apmierināts\b|apmierināts esat/i, right: 'jūs … apmierināti (polite plural)' },
  {
    lang: 'lv',
    wrong: /(?:esat|būsiet)(?: \S+)? (?:saņēmis|izgājis|pieslēdzies|pierakstījies)(?=[\s.,!?]|$)/i,
    right: 'saņēmuši / izgājuši / pieslēgušies (polite plural)',
  },
  // A purpose or wish after "lai" takes the conditional.
  {
    lang: 'lv',
    wrong: /\blai (?:mēs )?(?:darām|atbildam|varam)(?=[\s.,!?]|$)/i,
    right: 'lai mēs darītu / atbildētu / varētu (conditional after "lai")',
  },
  // "iepazīt" is to get to know a person; documents are "iepazīties ar".
  { lang: 'lv', wrong: /\biepazīt(?=[\s.,!?]|$)/i, right: 'iepazīties ar …' },
  { lang: 'lv', wrong: /dokumentu iepazīšan/i, right: 'iepazīšanās ar dokumentiem / laiks, lai iepazītos ar dokumentiem' },
  // A name cannot be declined safely by rule: the greeting carries none.
  { lang: 'lv', wrong: /Labdien, \{\{\s*name/, right: 'Labdien! (the name goes in the address block)' },
  { lang: 'lv', wrong: /^Šodiena$/, right: 'Šodien' },
  { lang: 'lv', wrong: /par ko ir jūsu jautājums/i, right: 'Kāda ir jūsu iesnieguma tēma? / Izvēlieties tēmu (ux.md D13)' },
  { lang: 'lv', wrong: /atbilstošajam kolēģim/, right: 'atbildīgajam darbiniekam' },
  { lang: 'lv', wrong: /virzību varat sekot/, right: 'virzībai varat sekot ("sekot" takes the dative)' },
  { lang: 'lv', wrong: /zemāk norādītajam datumam/, right: 'augstāk norādītajam datumam (ux.md D14)' },
  { lang: 'lv', wrong: /izlabojiet norādīto/, right: 'Lūdzu, izlabojiet kļūdas' },
  { lang: 'lv', wrong: /Ja esat cilvēks/, right: 'Ja tas atkārtojas, …' },
  { lang: 'lv', wrong: /\bfail(?:s|i|a|u|us|iem|os|am|ā)(?=[\s.,!?;:)]|$)/i, right: 'datne, datnes, datnēm …' },
  { lang: 'lv', wrong: /Pierakstīšanās drošība/, right: 'Pieslēgšanās drošība' },
  { lang: 'lv', wrong: /Izrakstīt pēc neaktivitātes/, right: 'Beigt sesiju pēc neaktivitātes' },
  {
    lang: 'lv',
    wrong: /\bpierakst(?:ās|īšanās|īties|ījies|ījās)|\bizrakst(?:īties|īt|īšanai)\b/i,
    right: 'pieslēgties / pieslēgšanās / beigt sesiju (as "Pieslēgties" and "Iziet")',
  },
  { lang: 'lv', wrong: /formā GGGG/, right: 'formātā GGGG-MM-DD' },
  { lang: 'lv', wrong: /Nenovēroju/, right: 'Nav novērots' },
  { lang: 'lv', wrong: /izskatīts jūsu jautājums/, right: 'izskatīts jūsu iesniegums' },
  { lang: 'lv', wrong: /Pastāstiet, cik apmierināt/, right: 'Novērtējiet, cik apmierināti esat …' },
  { lang: 'lv', wrong: /Saite darbojas vienu reizi/, right: 'Saiti var izmantot vienu reizi 72 stundu laikā' },
  { lang: 'lv', wrong: /nepārsniedzot pusdienu pārtraukumu/, right: 'nepārklājoties ar pusdienu pārtraukumu' },
  { lang: 'lv', wrong: /rezervējiet to, ja tas jums der/, right: 'a sentence true for 1, 21 and 31 times ("izvēlieties sev piemērotāko")' },
  {
    // The law (Iesniegumu likums) calls a client's suggestion "priekšlikums";
    // an official's proposal to refuse is rightly "ierosinājums".
    lang: 'lv',
    wrong: /ierosinājum|ierosināt(?:ais|o|ajam)\b(?! atteikum)/i,
    right: 'priekšlikums (Iesniegumu likums)',
    except: ['cases:done.propose_refusal'],
  },
  // English, GOV.UK style.
  { lang: 'en', wrong: /e-mail/i, right: 'email' },
  { lang: 'en', wrong: /\bKind\b(?! regards)/, right: 'Type' },
  { lang: 'en', wrong: /being examined/i, right: 'In progress' },
  { lang: 'en', wrong: /not examined/i, right: 'Not considered' },
  {
    lang: 'en',
    wrong: /within our competence|(?:is|It is) within the competence of \{\{authority|whose competence/i,
    right: 'We are not responsible for this … who are',
  },
  { lang: 'en', wrong: /right colleague/, right: 'the right person' },
  { lang: 'en', wrong: /the date below/, right: 'the date shown above (ux.md D14)' },
  { lang: 'en', wrong: /read it here/, right: 'we will invite you to read it at our office' },
  { lang: 'en', wrong: /how State Environmental/, right: 'how the State Environmental Monitoring Bureau' },
  { lang: 'en', wrong: /after 14:00/, right: 'after 2pm' },
  { lang: 'en', wrong: /free times?/i, right: 'available times' },
  { lang: 'en', wrong: /\bYour time\b/i, right: 'Your appointment' },
  { lang: 'en', wrong: /Book the chosen time/, right: 'Book this appointment' },
  { lang: 'en', wrong: /Cancel my time/, right: 'Cancel appointment' },
  { lang: 'en', wrong: /in Riga time\./, right: 'All times are Latvian time (Riga).' },
  { lang: 'en', wrong: /Choose what it is about/, right: "Select a topic, or select ‘I don't know’" },
  { lang: 'en', wrong: /If you are a person/, right: 'If this happens again, …' },
  { lang: 'en', wrong: /how \{\{institution\}\} serves/, right: 'how the {{institution}} serves' },
  { lang: 'en', wrong: /It decides which unit handles/, right: 'This tells us which team should deal with it.' },
  {
    lang: 'en',
    wrong: /Large material/,
    right: 'If the information is large, or cannot leave our office, you can read it at our office …',
  },
];

type Text = { lang: 'lv' | 'en'; where: string; text: string };

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`),
  );
}

const root = new URL('../../locales/', import.meta.url);
function localeTexts(lang: 'lv' | 'en'): Text[] {
  return readdirSync(new URL(`${lang}/`, root))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const ns = f.replace(/\.json$/, '');
      const tree = JSON.parse(readFileSync(new URL(`${lang}/${f}`, root), 'utf8')) as Tree;
      return flatten(tree).map(([key, text]) => ({ lang, where: `${ns}:${key}`, text }));
    });
}

// Seeded text reaches clients too: answer templates and survey items.
function seededTexts(): Text[] {
  const survey = [caseRatingSurvey('2026-01-01'), yearlyCampaign(2026)];
  return [
    ...seedTemplates.flatMap((s) => [
      { lang: 'lv' as const, where: `template ${s.code} name`, text: s.nameLv },
      { lang: 'lv' as const, where: `template ${s.code} body`, text: s.bodyLv },
      { lang: 'en' as const, where: `template ${s.code} name`, text: s.nameEn },
      { lang: 'en' as const, where: `template ${s.code} body`, text: s.bodyEn },
    ]),
    ...seedItems.flatMap((item) => [
      { lang: 'lv' as const, where: `survey item ${item.criterion}`, text: item.textLv },
      { lang: 'en' as const, where: `survey item ${item.criterion}`, text: item.textEn },
    ]),
    ...survey.flatMap((s) => [
      { lang: 'lv' as const, where: `survey ${s.code}`, text: `${s.titleLv}\n${s.introLv}` },
      { lang: 'en' as const, where: `survey ${s.code}`, text: `${s.titleEn}\n${s.introEn}` },
    ]),
  ];
}

const texts = [...localeTexts('lv'), ...localeTexts('en'), ...seededTexts()];

function mistakes(of: readonly Text[]): string[] {
  return of.flatMap((t) =>
    rules
      .filter((r) => r.lang === t.lang && !r.except?.includes(t.where))
      .flatMap((r) => {
        const found = t.text
          .split('\n')
          .map((line) => r.wrong.exec(line)?.[0])
          .find(Boolean);
        return found ? [`${t.lang} ${t.where}: “${found}” → ${r.right}`] : [];
      }),
  );
}

describe('the words the portal uses (docs/0018-style-guide.md)', () => {
  it('scans every locale key and every seeded text', () => {
    expect(texts.filter((t) => t.lang === 'lv').length).toBeGreaterThan(1000);
    expect(texts.some((t) => t.where.startsWith('template '))).toBe(true);
    expect(texts.some((t) => t.where.startsWith('survey item '))).toBe(true);
  });

  it('finds a known mistake, so the list can fail', () => {
    expect(mistakes([{ lang: 'lv', where: 'x', text: 'Ja esat neapmierināts, rakstiet.' }])).toHaveLength(1);
    expect(mistakes([{ lang: 'lv', where: 'x', text: 'Ko jūs vēlētos, lai mēs darām?' }])).toHaveLength(1);
    expect(mistakes([{ lang: 'lv', where: 'x', text: 'Labdien, {{name}}!' }])).toHaveLength(1);
    expect(mistakes([{ lang: 'en', where: 'x', text: 'Your E-mail address' }])).toHaveLength(1);
    expect(mistakes([{ lang: 'en', where: 'x', text: 'Kind regards,' }])).toEqual([]);
    expect(mistakes([{ lang: 'lv', where: 'x', text: 'Vēlos ar to iepazīties jūsu birojā' }])).toEqual([]);
  });

  it('has none of the mistakes the language review found', () => {
    expect(mistakes(texts)).toEqual([]);
  });
});

describe('the polite "Jūs" (ux.md D29)', () => {
  // Letters to one person write Jūs, Jūsu, Jums with a capital (the Latvian
  // Language Agency's advice, as the seeded templates do); web pages keep
  // the lowercase "jūs".
  const letterKeys = /^(?:mail:|reading:(?:mail|staffMail|letter)\.|staff:mail\.)/;
  it('is capitalised throughout the letters', () => {
    const lowercase = localeTexts('lv')
      .filter((t) => letterKeys.test(t.where) && /(?<![\p{L}])(?:jūs|jūsu|jums)(?![\p{L}])/u.test(t.text))
      .map((t) => t.where);
    expect(lowercase).toEqual([]);
  });
});

describe('Latvian plurals read right for 0, 1, 2, 11 and 21', () => {
  const lv = translator('lv');

  it('uses the same case in _zero as in _other (10, 11 … read like 2)', () => {
    const zeros = localeTexts('lv').filter((t) => t.where.endsWith('_zero'));
    const other = new Map(localeTexts('lv').map((t) => [t.where, t.text]));
    const differing = zeros.filter((t) => other.get(t.where.replace(/_zero$/, '_other')) !== t.text).map((t) => t.where);
    expect(differing).toEqual([]);
  });

  it.each([0, 1, 2, 11, 21])('offers %i reading times without assuming one', (count) => {
    const text = lv('reading:mail.invitation.times', { count });
    expect(text).toContain(`${count} konkrēt`);
    expect(text).toContain('izvēlieties sev piemērotāko');
  });
});
