import { describe, expect, it } from 'vitest';
import { checkSurveyPost, COMMENT_MAX, hasAnyAnswer, isSurveyOpen, scalePoints, type SurveyPost } from '#src/quality/surveys/rules.ts';
import { surveyPostFrom } from '#src/quality/surveys/form.ts';
import { checkFormKey, FORM_KEY_LIFETIME_SECONDS, issueFormKey } from '#src/quality/surveys/form-key.ts';
import { formFrom } from '#src/forms/read.ts';
import { translateProblems, type FieldProblem } from '#src/forms/errors.ts';
import { translator } from '#src/i18n/index.ts';
import { seedScale } from '#src/quality/surveys/seed-data.ts';

const survey = {
  scaleMin: 1,
  scaleMax: 5,
  scaleLabels: seedScale.labels,
  items: [
    { id: 11, textLv: 'Kompetence', textEn: 'Competence' },
    { id: 12, textLv: 'Laipnība', textEn: 'Politeness' },
    { id: 13, textLv: 'Kopumā', textEn: 'Overall' },
  ],
};

function post(overrides: Partial<SurveyPost> = {}): SurveyPost {
  return { answers: {}, comment: '', answerWanted: false, contactName: '', contactEmail: '', honeypot: '', ...overrides };
}

function problemsOf(p: SurveyPost) {
  const check = checkSurveyPost(survey, p);
  return check.ok ? [] : check.problems;
}

describe('checking a posted survey (Q-3, S-4.2)', () => {
  it('lets any item be left unanswered, but refuses a form with no rating and no comment (D4)', () => {
    expect(problemsOf(post())).toEqual([{ field: 'survey-form', key: 'empty' }]);
    expect(problemsOf(post({ answers: { '11': 'none', '12': '', '13': 'none' }, comment: '   ' }))).toEqual([
      { field: 'survey-form', key: 'empty' },
    ]);
    // Contact details alone say nothing about the service.
    expect(problemsOf(post({ answerWanted: true, contactEmail: 'anna@example.lv' }))).toEqual([{ field: 'survey-form', key: 'empty' }]);
    expect(checkSurveyPost(survey, post({ comment: 'Tikai komentārs' }))).toEqual({
      ok: true,
      submission: { answers: [], comment: 'Tikai komentārs', contact: null },
    });
    expect(checkSurveyPost(survey, post({ answers: { '12': '3' } }))).toMatchObject({ ok: true });
  });

  it('says so in both languages when nothing was answered', () => {
    for (const [locale, text] of [
      ['lv', 'Izvēlieties vismaz vienu vērtējumu vai uzrakstiet komentāru'],
      ['en', 'Choose at least one rating or write a comment'],
    ] as const) {
      expect(translateProblems(translator(locale), problemsOf(post()), ['survey'])).toEqual([{ field: 'survey-form', message: text }]);
    }
  });

  it('sees an answer in a rating or a comment, not in blanks', () => {
    expect(hasAnyAnswer([], '')).toBe(false);
    expect(hasAnyAnswer([], ' \n ')).toBe(false);
    expect(hasAnyAnswer([{ itemId: 1, value: 1 }], '')).toBe(true);
    expect(hasAnyAnswer([], 'Labi')).toBe(true);
  });

  it('keeps the answers given, in the order of the items, and skips "no answer"', () => {
    const check = checkSurveyPost(survey, post({ answers: { '13': '5', '11': '1', '12': 'none' }, comment: '  Paldies!  ' }));
    expect(check).toEqual({
      ok: true,
      submission: {
        answers: [
          { itemId: 11, value: 1 },
          { itemId: 13, value: 5 },
        ],
        comment: 'Paldies!',
        contact: null,
      },
    });
  });

  it.each(['0', '6', '-1', '100'])('refuses %s, which is off the 1–5 scale', (value) => {
    expect(problemsOf(post({ answers: { '12': value } }))).toEqual([
      { field: 'item-12', key: 'scaleValue', values: { number: 2, min: 1, max: 5 } },
    ]);
  });

  it.each(['2.5', '3.0', '1e0', 'abc', '4 stars', '0x3'])('refuses "%s", which is not a whole number', (value) => {
    expect(problemsOf(post({ answers: { '11': value } }))).toEqual([
      { field: 'item-11', key: 'scaleValue', values: { number: 1, min: 1, max: 5 } },
    ]);
  });

  it('follows the survey’s own scale, e.g. 0–10', () => {
    const wide = { ...survey, scaleMin: 0, scaleMax: 10 };
    expect(checkSurveyPost(wide, post({ answers: { '11': '0', '12': '10' } })).ok).toBe(true);
    expect(checkSurveyPost(wide, post({ answers: { '11': '11' } })).ok).toBe(false);
  });

  it('refuses an answer to an item the survey does not have', () => {
    expect(problemsOf(post({ answers: { '11': '4', '999': '3' } }))).toEqual([{ field: 'survey-form', key: 'unknownItem' }]);
  });

  it(`refuses a comment longer than ${COMMENT_MAX} characters, and accepts one exactly that long`, () => {
    expect(problemsOf(post({ comment: 'a'.repeat(COMMENT_MAX + 1) }))).toEqual([
      { field: 'comment', key: 'tooLong', values: { count: COMMENT_MAX } },
    ]);
    expect(checkSurveyPost(survey, post({ comment: 'ā'.repeat(COMMENT_MAX) })).ok).toBe(true);
  });

  it('counts characters, not UTF-16 units (an emoji is one character)', () => {
    expect(checkSurveyPost(survey, post({ comment: '😀'.repeat(COMMENT_MAX) })).ok).toBe(true);
  });

  it('asks for an e-mail address when the client would like an answer', () => {
    expect(problemsOf(post({ comment: 'Lūdzu, atbildiet', answerWanted: true, contactName: 'Anna Bērziņa' }))).toEqual([
      { field: 'contactEmail', key: 'required' },
    ]);
  });

  it('refuses an e-mail address that is not one', () => {
    expect(problemsOf(post({ comment: 'Lūdzu, atbildiet', answerWanted: true, contactEmail: 'anna at example.lv' }))).toEqual([
      { field: 'contactEmail', key: 'email' },
    ]);
  });

  it('keeps the e-mail address, and the name only if given, when an answer is wanted', () => {
    const withName = checkSurveyPost(
      survey,
      post({ comment: 'Lūdzu, atbildiet', answerWanted: true, contactName: ' Anna ', contactEmail: ' anna@example.lv ' }),
    );
    expect(withName.ok && withName.submission.contact).toEqual({ name: 'Anna', email: 'anna@example.lv' });
    const withoutName = checkSurveyPost(survey, post({ comment: 'Lūdzu, atbildiet', answerWanted: true, contactEmail: 'anna@example.lv' }));
    expect(withoutName.ok && withoutName.submission.contact).toEqual({ name: null, email: 'anna@example.lv' });
  });

  it('is anonymous by default: stores no contact, even one typed in, unless an answer is wanted (S-4.2)', () => {
    const check = checkSurveyPost(survey, post({ answers: { '11': '4' }, contactName: 'Anna', contactEmail: 'anna@example.lv' }));
    expect(check).toEqual({ ok: true, submission: { answers: [{ itemId: 11, value: 4 }], comment: null, contact: null } });
  });

  it('refuses the whole form when the hidden honeypot field is filled in', () => {
    expect(problemsOf(post({ answers: { '11': '5' }, honeypot: 'https://spam.example' }))).toEqual([
      { field: 'survey-form', key: 'honeypot' },
    ]);
  });

  it('reports every problem at once, one line per field', () => {
    const problems = problemsOf(post({ answers: { '11': '9', '12': 'x' }, comment: 'x'.repeat(3000), answerWanted: true }));
    expect(problems.map((p) => p.field)).toEqual(['item-11', 'item-12', 'comment', 'contactEmail']);
  });
});

describe('reading the survey form', () => {
  it('reads the survey’s own radios, the tick and the contact, and keeps a well-formed form key', () => {
    const data = new FormData();
    data.set('item-11', '4');
    data.set('item-12', 'none');
    data.set('item-999', '5');
    data.set('comment', 'Labi\u0000');
    data.set('answerWanted', 'yes');
    data.set('contactEmail', 'anna@example.lv');
    data.set('formKey', 'k'.repeat(24));
    const posted = surveyPostFrom(formFrom(data), survey);
    expect(posted).toEqual({
      answers: { '11': '4', '12': 'none' },
      comment: 'Labi',
      answerWanted: true,
      contactName: '',
      contactEmail: 'anna@example.lv',
      honeypot: '',
      formKey: 'k'.repeat(24),
    });
  });

  it('keeps no malformed or missing form key: such a form is refused before anything is stored', () => {
    const data = new FormData();
    data.set('formKey', '<script>');
    expect(surveyPostFrom(formFrom(data), survey).formKey).toBe('');
    expect(surveyPostFrom(formFrom(undefined), survey).formKey).toBe('');
    data.set('formKey', 'k'.repeat(81));
    expect(surveyPostFrom(formFrom(data), survey).formKey).toBe('');
  });
});

describe('survey form keys (M5)', () => {
  const secret = Buffer.alloc(32, 7);
  const issuedAt = new Date('2026-11-24T10:00:00Z');
  const key = issueFormKey(secret, 5, issuedAt);
  const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

  it('accepts a key it issued for this survey, within its lifetime', () => {
    expect(checkFormKey(secret, key, 5, issuedAt)).toBe('valid');
    expect(checkFormKey(secret, key, 5, later(FORM_KEY_LIFETIME_SECONDS))).toBe('valid');
    expect(issueFormKey(secret, 5, issuedAt)).not.toBe(key);
  });

  it('refuses a key for another survey, from another secret, changed, made up or from the future', () => {
    expect(checkFormKey(secret, key, 6, issuedAt)).toBe('unknown');
    expect(checkFormKey(Buffer.alloc(32, 8), key, 5, issuedAt)).toBe('unknown');
    const [issued, nonce, mac] = key.split('.') as [string, string, string];
    expect(checkFormKey(secret, `${(parseInt(issued, 36) + 1).toString(36)}.${nonce}.${mac}`, 5, later(10))).toBe('unknown');
    expect(checkFormKey(secret, `${issued}.${nonce}.${'A'.repeat(22)}`, 5, issuedAt)).toBe('unknown');
    expect(checkFormKey(secret, 'k'.repeat(24), 5, issuedAt)).toBe('unknown');
    expect(checkFormKey(secret, '', 5, issuedAt)).toBe('unknown');
    expect(checkFormKey(secret, key, 5, later(-3600))).toBe('unknown');
  });

  it('says a key is expired once its lifetime has passed', () => {
    expect(checkFormKey(secret, key, 5, later(FORM_KEY_LIFETIME_SECONDS + 1))).toBe('expired');
  });
});

describe('when a survey is open (Europe/Riga dates)', () => {
  const campaign = { open: true, opensOn: '2026-01-01', closesOn: '2026-12-31' };
  it.each([
    ['2025-12-31', false],
    ['2026-01-01', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('on %s: %s', (today, expected) => {
    expect(isSurveyOpen(campaign, today)).toBe(expected);
  });
  it('is closed when a manager closed it, whatever the dates', () => {
    expect(isSurveyOpen({ ...campaign, open: false }, '2026-06-01')).toBe(false);
  });
  it('stays open without a closing date', () => {
    expect(isSurveyOpen({ ...campaign, closesOn: null }, '2030-06-01')).toBe(true);
  });
});

describe('the scale and its words', () => {
  it('labels each point in the interface language, Latvian where a language has none', () => {
    expect(scalePoints(survey, 'en').map((p) => p.label)).toEqual(['Very poor', 'Poor', 'Fair', 'Good', 'Excellent']);
    expect(scalePoints(survey, 'de').map((p) => p.label)).toEqual(['Ļoti slikti', 'Slikti', 'Viduvēji', 'Labi', 'Teicami']);
  });

  it('words each problem in Latvian and English, with the right plural', () => {
    const problems: FieldProblem[] = [
      { field: 'comment', key: 'tooLong', values: { count: 2000 } },
      { field: 'contactName', key: 'tooLong', values: { count: 21 } },
      { field: 'contactEmail', key: 'required' },
      { field: 'item-12', key: 'scaleValue', values: { number: 2, min: 1, max: 5 } },
      { field: 'survey-form', key: 'honeypot' },
    ];
    expect(translateProblems(translator('lv'), problems, ['survey']).map((e) => e.message)).toEqual([
      'Komentārs nedrīkst būt garāks par 2000 rakstzīmēm',
      'Vārds un uzvārds nedrīkst būt garāks par 21 rakstzīmi',
      'Ierakstiet e-pasta adresi, lai mēs varētu jums atbildēt, vai noņemiet atzīmi „Vēlos saņemt atbildi”',
      '2. jautājums: izvēlieties vērtējumu no 1 līdz 5 vai „Bez atbildes”',
      'Veidlapu nevarējām pieņemt, jo bija aizpildīts lauks „Neaizpildiet šo lauku”. Lūdzu, atstājiet to tukšu un nosūtiet veidlapu vēlreiz.',
    ]);
    expect(translateProblems(translator('en'), problems.slice(0, 2), ['survey']).map((e) => e.message)).toEqual([
      'Your comments must be 2,000 characters or fewer',
      'Your name must be 21 characters or fewer',
    ]);
  });
});
