import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed, seedSurveys } from '#src/db/seed.ts';
import {
  findCaseRatingSurvey,
  findSurveyByCode,
  listOpenSurveys,
  recordSurveyResponse,
  type SurveyWithItems,
} from '#src/quality/surveys/queries.ts';
import { submitSurveyForm } from '#src/quality/surveys/form.ts';
import { formFrom } from '#src/forms/read.ts';
import { surveyAnswers, surveyResponses, surveys } from '#src/quality/schema.ts';
import { cases } from '#src/cases/schema.ts';
import { topics, units } from '#src/settings/schema.ts';

const TODAY = new Date('2026-11-24T10:00:00Z');

function formKey(): string {
  return randomBytes(18).toString('base64url');
}

describe.each(engines)('satisfaction surveys on %s', (engine) => {
  let t: TestDatabase;
  let yearly: SurveyWithItems;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: false, today: TODAY });
    yearly = (await findSurveyByCode(t.db, 'yearly-2026'))!;
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function responsesWithKey(key: string) {
    return t.db.select().from(surveyResponses).where(eq(surveyResponses.formKey, key));
  }

  it('seeds the yearly campaign for the year, with the 5-point scale and six items (Q-3)', () => {
    expect(yearly).toMatchObject({
      period: 'yearly',
      year: 2026,
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      open: true,
      forCaseRatings: false,
      scaleMin: 1,
      scaleMax: 5,
    });
    expect(yearly.scaleLabels.en).toEqual(['Very poor', 'Poor', 'Fair', 'Good', 'Excellent']);
    expect(yearly.scaleLabels.lv).toHaveLength(5);
    expect(yearly.items.map((i) => i.criterion)).toEqual(['competence', 'communication', 'clarity', 'timeliness', 'reach', 'overall']);
    for (const item of yearly.items) {
      expect(item.textLv).not.toBe('');
      expect(item.textEn).not.toBe('');
    }
  });

  it('seeds the case-rating survey, which is not listed among the public surveys (Q-2c)', async () => {
    const rating = await findCaseRatingSurvey(t.db, '2026-11-24');
    expect(rating).toMatchObject({ code: 'case-rating', period: 'as_needed', forCaseRatings: true });
    expect(rating?.items).toHaveLength(6);
    expect((await listOpenSurveys(t.db, '2026-11-24')).map((s) => s.code)).toEqual(['yearly-2026']);
  });

  it('lists next year’s campaign only from 1 January (Europe/Riga)', async () => {
    expect((await listOpenSurveys(t.db, '2026-12-31')).map((s) => s.code)).toEqual(['yearly-2026']);
    expect((await listOpenSurveys(t.db, '2027-01-01')).map((s) => s.code)).toEqual(['yearly-2027']);
  });

  it('leaves out a survey a manager closed', async () => {
    await t.db.update(surveys).set({ open: false }).where(eq(surveys.code, 'yearly-2026'));
    expect(await listOpenSurveys(t.db, '2026-11-24')).toEqual([]);
    await t.db.update(surveys).set({ open: true }).where(eq(surveys.code, 'yearly-2026'));
  });

  it('seeds each survey once and leaves an edited one alone', async () => {
    await t.db.update(surveys).set({ titleEn: 'Edited by a manager' }).where(eq(surveys.code, 'yearly-2026'));
    expect(await seedSurveys(t.db, TODAY)).toEqual([]);
    const again = await findSurveyByCode(t.db, 'yearly-2026');
    expect(again?.titleEn).toBe('Edited by a manager');
    expect(again?.items).toHaveLength(6);
    // A new year adds only the campaign it lacks.
    expect(await seedSurveys(t.db, new Date('2027-01-01T00:30:00+02:00'))).toEqual(['yearly-2028']);
  });

  it('stores a response with its answers and a copy of the scale', async () => {
    const key = formKey();
    const [first, , third] = yearly.items;
    const result = await recordSurveyResponse(t.db, {
      survey: yearly,
      answers: [
        { itemId: first!.id, value: 5 },
        { itemId: third!.id, value: 2 },
      ],
      comment: 'Ātri un laipni',
      contact: null,
      locale: 'lv',
      formKey: key,
    });
    expect(result).toMatchObject({ kind: 'recorded', repeated: false });
    const [row] = await responsesWithKey(key);
    expect(row).toMatchObject({
      surveyId: yearly.id,
      locale: 'lv',
      scaleMin: 1,
      scaleMax: 5,
      comment: 'Ātri un laipni',
      contactName: null,
      contactEmail: null,
      caseId: null,
    });
    expect(result.kind === 'recorded' && result.responseId).toBe(row!.id);
    const answers = await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, row!.id));
    expect(answers.map((a) => [a.itemId, a.value]).sort()).toEqual(
      [
        [first!.id, 5],
        [third!.id, 2],
      ].sort(),
    );
  });

  it('stores one response when the same form is sent twice', async () => {
    const key = formKey();
    const input = {
      survey: yearly,
      answers: [{ itemId: yearly.items[0]!.id, value: 4 }],
      comment: null,
      contact: { name: null, email: 'anna@example.lv' },
      locale: 'en',
      formKey: key,
    };
    const first = await recordSurveyResponse(t.db, input);
    const second = await recordSurveyResponse(t.db, { ...input, answers: [{ itemId: yearly.items[1]!.id, value: 1 }] });
    expect(first).toMatchObject({ kind: 'recorded', repeated: false });
    expect(second).toEqual({ kind: 'recorded', responseId: first.kind === 'recorded' ? first.responseId : -1, repeated: true });
    const rows = await responsesWithKey(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.contactEmail).toBe('anna@example.lv');
    const answers = await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, rows[0]!.id));
    expect(answers).toEqual([{ responseId: rows[0]!.id, itemId: yearly.items[0]!.id, value: 4 }]);
  });

  it('stores one response when the same form arrives twice at once', async () => {
    const key = formKey();
    const input = { survey: yearly, answers: [], comment: 'Dubults klikšķis', contact: null, locale: 'lv', formKey: key };
    const results = await Promise.all([recordSurveyResponse(t.db, input), recordSurveyResponse(t.db, input)]);
    expect(results.map((r) => r.kind)).toEqual(['recorded', 'recorded']);
    expect(new Set(results.map((r) => (r.kind === 'recorded' ? r.responseId : 0))).size).toBe(1);
    expect(await responsesWithKey(key)).toHaveLength(1);
  });

  it('rates a case once: a second rating comes back as "already rated" (Q-2c)', async () => {
    const [unit] = await t.db.select().from(units).limit(1);
    const [topic] = await t.db.select().from(topics).where(eq(topics.unitId, unit!.id)).limit(1);
    const [kase] = await t.db
      .insert(cases)
      .values({
        reference: `VPVB-2026-${randomBytes(3).toString('hex')}`,
        statusTokenHash: randomBytes(32).toString('hex'),
        kind: 'question',
        receivedOn: '2026-11-02',
        unitId: unit!.id,
        topicId: topic?.id ?? null,
        locale: 'lv',
        requestedLanguage: 'lv',
        replyLanguage: 'lv',
        details: 'Kad tiks publicēts atzinums?',
      })
      .returning({ id: cases.id });
    const rating = (await findCaseRatingSurvey(t.db, '2026-11-24'))!;
    const caseContext = { caseId: kase!.id, unitId: unit!.id, topicId: topic?.id ?? null, staffId: null };
    const base = { survey: rating, comment: null, contact: null, locale: 'lv', caseContext };

    const first = await recordSurveyResponse(t.db, { ...base, answers: [{ itemId: rating.items[0]!.id, value: 5 }], formKey: formKey() });
    expect(first).toMatchObject({ kind: 'recorded', repeated: false });
    const second = await recordSurveyResponse(t.db, { ...base, answers: [{ itemId: rating.items[0]!.id, value: 1 }], formKey: formKey() });
    expect(second).toEqual({ kind: 'alreadyRated', caseId: kase!.id });

    const stored = await t.db.select().from(surveyResponses).where(eq(surveyResponses.caseId, kase!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ surveyId: rating.id, unitId: unit!.id, topicId: topic?.id ?? null, staffId: null });
    const answers = await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, stored[0]!.id));
    expect(answers.map((a) => a.value)).toEqual([5]);
  });

  it('stores nothing from a form whose honeypot is filled in, or that is closed', async () => {
    const before = (await t.db.select({ id: surveyResponses.id }).from(surveyResponses)).length;
    const data = new FormData();
    data.set(`item-${yearly.items[0]!.id}`, '5');
    data.set('website', 'https://spam.example');
    data.set('formKey', formKey());
    const bot = await submitSurveyForm(t.db, { survey: yearly, form: formFrom(data), locale: 'lv', today: '2026-11-24' });
    expect(bot).toMatchObject({ kind: 'invalid', problems: [{ field: 'survey-form', key: 'honeypot' }] });
    data.delete('website');
    const late = await submitSurveyForm(t.db, { survey: yearly, form: formFrom(data), locale: 'lv', today: '2027-01-01' });
    expect(late).toEqual({ kind: 'closed' });
    expect(await t.db.select({ id: surveyResponses.id }).from(surveyResponses)).toHaveLength(before);
  });

  it('stores a valid form with the e-mail address only when an answer is wanted (S-4.2)', async () => {
    const data = new FormData();
    data.set(`item-${yearly.items[5]!.id}`, '4');
    data.set('contactName', 'Anna');
    data.set('contactEmail', 'anna@example.lv');
    const key = formKey();
    data.set('formKey', key);
    const anonymous = await submitSurveyForm(t.db, { survey: yearly, form: formFrom(data), locale: 'lv', today: '2026-11-24' });
    expect(anonymous).toMatchObject({ kind: 'recorded' });
    expect((await responsesWithKey(key))[0]).toMatchObject({ contactName: null, contactEmail: null });

    const key2 = formKey();
    data.set('formKey', key2);
    data.set('answerWanted', 'yes');
    await submitSurveyForm(t.db, { survey: yearly, form: formFrom(data), locale: 'en', today: '2026-11-24' });
    expect((await responsesWithKey(key2))[0]).toMatchObject({ contactName: 'Anna', contactEmail: 'anna@example.lv', locale: 'en' });
  });
});
