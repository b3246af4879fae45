import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed, seedSurveys } from '#src/db/seed.ts';
import {
  caseIsRated,
  findCaseRatingSurvey,
  findSurveyByCode,
  listOpenSurveys,
  recordSurveyResponse,
  type SurveyWithItems,
} from '#src/quality/surveys/queries.ts';
import { freshSurveyValues, submitSurveyForm, surveyRateLimit } from '#src/quality/surveys/form.ts';
import { surveyActivity } from '#src/quality/surveys/campaigns.ts';
import { formFrom } from '#src/forms/read.ts';
import { surveyAnswers, surveyItems, surveyResponses, surveys } from '#src/quality/schema.ts';
import { cases } from '#src/cases/schema.ts';
import { topics, units } from '#src/settings/schema.ts';
import { earlierSurveyItemTexts, earlierSurveyTitles, seedItems } from '#src/quality/surveys/seed-data.ts';

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

  /** A key as the form page issues it for a survey, at the suite's instant. */
  async function issuedKey(surveyId: number, at = TODAY) {
    return (await freshSurveyValues(t.db, surveyId, at)).formKey;
  }
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

  it("rewords a seeded survey text still as first worded, and leaves a manager's wording (ux.md §3)", async () => {
    const overall = (code: string) =>
      t.db
        .select({ id: surveyItems.id, textLv: surveyItems.textLv })
        .from(surveyItems)
        .innerJoin(surveys, eq(surveys.id, surveyItems.surveyId))
        .where(and(eq(surveys.code, code), eq(surveyItems.criterion, 'overall')));
    const [first] = earlierSurveyItemTexts;
    const [asFirstWorded] = await overall('yearly-2026');
    const [editedItem] = await overall('yearly-2027');
    await t.db.update(surveyItems).set({ textLv: first!.textLv }).where(eq(surveyItems.id, asFirstWorded!.id));
    await t.db.update(surveyItems).set({ textLv: 'Vadītājas formulējums' }).where(eq(surveyItems.id, editedItem!.id));
    await t.db.update(surveys).set({ titleLv: earlierSurveyTitles[0]!.titleLv }).where(eq(surveys.code, 'case-rating'));
    await seedSurveys(t.db, TODAY);
    const now = seedItems.find((item) => item.criterion === 'overall')!.textLv;
    expect((await overall('yearly-2026'))[0]!.textLv).toBe(now);
    expect((await overall('yearly-2027'))[0]!.textLv).toBe('Vadītājas formulējums');
    expect((await findSurveyByCode(t.db, 'case-rating'))?.titleLv).toBe('Novērtējiet, kā tika izskatīts jūsu iesniegums');
    await t.db.update(surveyItems).set({ textLv: now }).where(eq(surveyItems.id, editedItem!.id));
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

  it('refuses an empty case rating without spending the case’s one rating, and then takes a real one (D4)', async () => {
    const [unit] = await t.db.select().from(units).limit(1);
    const [kase] = await t.db
      .insert(cases)
      .values({
        reference: `VPVB-2026-${randomBytes(3).toString('hex')}`,
        statusTokenHash: randomBytes(32).toString('hex'),
        kind: 'question',
        receivedOn: '2026-11-03',
        unitId: unit!.id,
        locale: 'lv',
        requestedLanguage: 'lv',
        replyLanguage: 'lv',
        details: 'Vai atļauja ir derīga?',
      })
      .returning({ id: cases.id });
    const rating = (await findCaseRatingSurvey(t.db, '2026-11-24'))!;
    const caseContext = { caseId: kase!.id, unitId: unit!.id, topicId: null, staffId: null };
    const key = await issuedKey(rating.id);
    const data = new FormData();
    // What the page posts when nothing is chosen: every item "No answer".
    for (const item of rating.items) data.set(`item-${item.id}`, 'none');
    data.set('contactName', 'Anna');
    data.set('formKey', key);
    const submit = () =>
      submitSurveyForm(t.db, { survey: rating, form: formFrom(data), locale: 'lv', now: TODAY, clientAddress: '192.0.2.30', caseContext });

    const empty = await submit();
    expect(empty).toMatchObject({ kind: 'invalid', status: 400, problems: [{ field: 'survey-form', key: 'empty' }] });
    // What was typed stays, with the same key, so sending again is the same form.
    expect(empty.kind === 'invalid' && empty.values).toMatchObject({ contactName: 'Anna', formKey: key });
    expect(await caseIsRated(t.db, kase!.id)).toBe(false);
    expect(await t.db.select().from(surveyResponses).where(eq(surveyResponses.caseId, kase!.id))).toHaveLength(0);

    data.set(`item-${rating.items[0]!.id}`, '5');
    data.set('comment', 'Ātri un saprotami');
    expect(await submit()).toMatchObject({ kind: 'recorded', repeated: false });
    // The rating page now says "already rated" on opening (GET).
    expect(await caseIsRated(t.db, kase!.id)).toBe(true);
    const [stored] = await t.db.select().from(surveyResponses).where(eq(surveyResponses.caseId, kase!.id));
    expect(stored).toMatchObject({ comment: 'Ātri un saprotami', formKey: key });
  });

  it('stores nothing from a form whose honeypot is filled in, or that is closed', async () => {
    const before = (await t.db.select({ id: surveyResponses.id }).from(surveyResponses)).length;
    const data = new FormData();
    data.set(`item-${yearly.items[0]!.id}`, '5');
    data.set('website', 'https://spam.example');
    data.set('formKey', await issuedKey(yearly.id));
    const bot = await submitSurveyForm(t.db, {
      survey: yearly,
      form: formFrom(data),
      locale: 'lv',
      now: TODAY,
      clientAddress: '192.0.2.10',
    });
    expect(bot).toMatchObject({ kind: 'invalid', problems: [{ field: 'survey-form', key: 'honeypot' }] });
    data.delete('website');
    const late = await submitSurveyForm(t.db, {
      survey: yearly,
      form: formFrom(data),
      locale: 'lv',
      now: new Date('2026-12-31T22:30:00Z'),
      clientAddress: '192.0.2.10',
    });
    expect(late).toEqual({ kind: 'closed' });
    expect(await t.db.select({ id: surveyResponses.id }).from(surveyResponses)).toHaveLength(before);
  });

  it('stores a valid form with the e-mail address only when an answer is wanted (S-4.2)', async () => {
    const data = new FormData();
    data.set(`item-${yearly.items[5]!.id}`, '4');
    data.set('contactName', 'Anna');
    data.set('contactEmail', 'anna@example.lv');
    const key = await issuedKey(yearly.id);
    data.set('formKey', key);
    const anonymous = await submitSurveyForm(t.db, {
      survey: yearly,
      form: formFrom(data),
      locale: 'lv',
      now: TODAY,
      clientAddress: '192.0.2.10',
    });
    expect(anonymous).toMatchObject({ kind: 'recorded' });
    expect((await responsesWithKey(key))[0]).toMatchObject({ contactName: null, contactEmail: null });

    const key2 = await issuedKey(yearly.id);
    data.set('formKey', key2);
    data.set('answerWanted', 'yes');
    await submitSurveyForm(t.db, { survey: yearly, form: formFrom(data), locale: 'en', now: TODAY, clientAddress: '192.0.2.10' });
    expect((await responsesWithKey(key2))[0]).toMatchObject({ contactName: 'Anna', contactEmail: 'anna@example.lv', locale: 'en' });
  });

  it('stores a comment that asks for an answer together with its question case, or neither (S-4.2, M4)', async () => {
    const asked = async (name: string, email: string) => {
      const data = new FormData();
      data.set('comment', 'Kad tiks publicēts ziņojums?');
      data.set('answerWanted', 'yes');
      data.set('contactName', name);
      data.set('contactEmail', email);
      const key = await issuedKey(yearly.id);
      data.set('formKey', key);
      const result = await submitSurveyForm(t.db, {
        survey: yearly,
        form: formFrom(data),
        locale: 'lv',
        now: TODAY,
        clientAddress: '192.0.2.11',
      });
      const opened = await t.db.select().from(cases).where(eq(cases.contactEmail, email));
      return { result, stored: await responsesWithKey(key), opened };
    };
    const kept = await asked('Jānis Bērziņš', 'janis@example.lv');
    expect(kept.result).toMatchObject({ kind: 'recorded', repeated: false });
    expect(kept.stored).toHaveLength(1);
    expect(kept.opened).toMatchObject([
      { kind: 'question', contactName: 'Jānis Bērziņš', details: expect.stringContaining('Kad tiks publicēts ziņojums?') },
    ]);
    // A name the case could not take is the form's error: no answer recorded without the case that keeps its promise.
    const refused = await asked('Anna\nSvarīgi: maksājiet https://vpvb-maksa.example/pay', 'anna.s@example.lv');
    expect(refused.result).toMatchObject({ kind: 'invalid', problems: [{ field: 'contactName', key: 'plainName' }] });
    expect(refused.stored).toEqual([]);
    expect(refused.opened).toEqual([]);
  });

  // M5: the satisfaction figures of Q-3 are only as true as the answers.
  describe('answers that could stuff the figures', () => {
    const count = async () => (await t.db.select({ id: surveyResponses.id }).from(surveyResponses)).length;
    function answered(key: string, comment = 'Labi') {
      const data = new FormData();
      data.set(`item-${yearly.items[0]!.id}`, '1');
      data.set('comment', comment);
      data.set('formKey', key);
      return formFrom(data);
    }

    it('stores nothing under a key the server did not issue, and keeps what was typed with a key that works', async () => {
      const before = await count();
      for (const made of [formKey(), '', 'x.y.z', await issuedKey(yearly.id + 1000)]) {
        const outcome = await submitSurveyForm(t.db, {
          survey: yearly,
          form: answered(made, 'Izdomāta atbilde'),
          locale: 'lv',
          now: TODAY,
          clientAddress: '198.51.100.1',
        });
        expect(outcome).toMatchObject({ kind: 'invalid', status: 400, problems: [{ key: 'formUnknown' }] });
        if (outcome.kind !== 'invalid') throw new Error('unreachable');
        expect(outcome.values.comment).toBe('Izdomāta atbilde');
        expect(outcome.values.answers).toEqual({ [String(yearly.items[0]!.id)]: '1' });
        // The key that comes back with the form is one the server issued: sending again works.
        const again = await submitSurveyForm(t.db, {
          survey: yearly,
          form: answered(outcome.values.formKey, 'Izdomāta atbilde'),
          locale: 'lv',
          now: TODAY,
          clientAddress: `198.51.100.${2 + made.length}`,
        });
        expect(again).toMatchObject({ kind: 'recorded', repeated: false });
      }
      expect(await count()).toBe(before + 4);
    });

    it('asks again for a form left open past the key’s lifetime, and stores one response per key', async () => {
      const old = await issuedKey(yearly.id, new Date('2026-11-20T10:00:00Z'));
      expect(
        await submitSurveyForm(t.db, { survey: yearly, form: answered(old), locale: 'lv', now: TODAY, clientAddress: '198.51.100.20' }),
      ).toMatchObject({ kind: 'invalid', problems: [{ key: 'formExpired' }] });

      const key = await issuedKey(yearly.id);
      const before = await count();
      const first = await submitSurveyForm(t.db, {
        survey: yearly,
        form: answered(key),
        locale: 'lv',
        now: TODAY,
        clientAddress: '198.51.100.21',
      });
      const again = await submitSurveyForm(t.db, {
        survey: yearly,
        form: answered(key),
        locale: 'lv',
        now: TODAY,
        clientAddress: '198.51.100.22',
      });
      expect(first).toMatchObject({ kind: 'recorded', repeated: false });
      expect(again).toMatchObject({ kind: 'recorded', repeated: true });
      expect(await count()).toBe(before + 1);
    });

    it('refuses answers from one address beyond the hourly limit for that survey, and no one else’s', async () => {
      const limit = surveyRateLimit().limit;
      const before = await count();
      const at = new Date('2026-11-24T11:05:00Z');
      const outcomes = [];
      for (let i = 0; i < limit + 5; i++) {
        const key = await issuedKey(yearly.id, at);
        outcomes.push(
          await submitSurveyForm(t.db, {
            survey: yearly,
            form: answered(key, `Atbilde ${i}`),
            locale: 'lv',
            now: at,
            clientAddress: '203.0.113.7',
          }),
        );
      }
      expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(limit);
      const refused = outcomes.filter((o) => o.kind === 'invalid');
      expect(refused).toHaveLength(5);
      expect(refused[0]).toMatchObject({ status: 429, problems: [{ key: 'rateLimited' }], values: { comment: `Atbilde ${limit}` } });
      expect(await count()).toBe(before + limit);

      // Another address, and the same address on another survey, are not held back.
      const other = await submitSurveyForm(t.db, {
        survey: yearly,
        form: answered(await issuedKey(yearly.id, at)),
        locale: 'lv',
        now: at,
        clientAddress: '203.0.113.8',
      });
      expect(other).toMatchObject({ kind: 'recorded' });

      // The manager sees the burst on the campaigns page.
      const activity = await surveyActivity(t.db, at);
      expect(activity.get(yearly.id)).toMatchObject({ refusedLastDay: 5 });
      expect(activity.get(yearly.id)!.busiestHourLastWeek).toBeGreaterThanOrEqual(limit + 1);
    });
  });
});
