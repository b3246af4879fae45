import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { answerDrafts, cases } from '#src/cases/schema.ts';
import { answerCase } from '#src/cases/actions.ts';
import {
  ANSWER_DRAFT_MAX,
  answerDraftOf,
  forgetAnswerDraftsOfEndedCase,
  keepAnswerDraft,
  purgeOldAnswerDrafts,
} from '#src/cases/answer-drafts.ts';
import { keepLateAnswer } from '#src/cases/late-answer.ts';
import { createSession, endSession, ENDED_SESSION_GRACE_HOURS, sessionPolicy } from '#src/staff/sessions.ts';
import { staffPaths } from '#src/paths.ts';

// ux.md D7: an official's unsent answer kept as their draft (docs/0019).
describe.each(engines)('answer drafts on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const at = (minutes: number) => new Date(SEED_DAY.getTime() + minutes * 60_000);
  /** A question for Laura (specialiste): the demo routing gives a Latvian question to the official with fewer cases. */
  async function lauraCase(): Promise<number> {
    for (;;) {
      const c = await submittedCase(t.db, 'question', {}, { now: SEED_DAY, baseUrl });
      const [row] = await t.db.select({ assigneeId: cases.assigneeId }).from(cases).where(eq(cases.id, c.caseId));
      if (row?.assigneeId === who('specialiste').id) return c.caseId;
    }
  }
  function answerPost(path: string, fields: Record<string, string>, cookieToken?: string): Request {
    return new Request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookieToken ? { Cookie: `kb_staff=${cookieToken}` } : {}) },
      body: new URLSearchParams(fields),
    });
  }

  it('keeps one draft per official and case, replaces it, and an empty text removes it', async () => {
    const caseId = await lauraCase();
    const laura = who('specialiste').id;
    const andris = who('ierednis').id;
    await keepAnswerDraft(t.db, { staffId: laura, caseId, text: 'Pirmais teksts', now: at(1) });
    await keepAnswerDraft(t.db, { staffId: laura, caseId, text: 'Otrais teksts', now: at(2) });
    await keepAnswerDraft(t.db, { staffId: andris, caseId, text: 'Andra teksts', now: at(2) });
    expect(await answerDraftOf(t.db, laura, caseId)).toEqual({ text: 'Otrais teksts', updatedAt: at(2) });
    expect((await answerDraftOf(t.db, andris, caseId))?.text).toBe('Andra teksts');
    await keepAnswerDraft(t.db, { staffId: andris, caseId, text: '  ', now: at(3) });
    expect(await answerDraftOf(t.db, andris, caseId)).toBeUndefined();
    // Never longer than an answer may be.
    await keepAnswerDraft(t.db, { staffId: laura, caseId, text: 'x'.repeat(ANSWER_DRAFT_MAX + 50), now: at(4) });
    expect((await answerDraftOf(t.db, laura, caseId))?.text).toHaveLength(ANSWER_DRAFT_MAX);
  });

  it('forgets the drafts of a case once it is answered, and any draft after 30 days', async () => {
    const answered = await lauraCase();
    const waiting = await lauraCase();
    const laura = who('specialiste');
    await keepAnswerDraft(t.db, { staffId: laura.id, caseId: answered, text: 'Atbildes melnraksts', now: at(1) });
    await keepAnswerDraft(t.db, { staffId: laura.id, caseId: waiting, text: 'Vēl top', now: at(1) });
    // Open: nothing to forget yet.
    expect(await forgetAnswerDraftsOfEndedCase(t.db, answered)).toBe(0);
    const result = await answerCase(t.db, await actionContext(t.db, laura, answered, { baseUrl, now: at(5) }), {
      text: 'Atbilde klientam',
      note: '',
    });
    expect(result.ok).toBe(true);
    expect(await forgetAnswerDraftsOfEndedCase(t.db, answered)).toBe(1);
    expect(await answerDraftOf(t.db, laura.id, answered)).toBeUndefined();
    // The waiting case's draft stays for 30 days after it was last saved, not a minute longer.
    expect(await purgeOldAnswerDrafts(t.db, at(30 * 24 * 60))).toBe(0);
    expect((await answerDraftOf(t.db, laura.id, waiting))?.text).toBe('Vēl top');
    await purgeOldAnswerDrafts(t.db, at(30 * 24 * 60 + 2));
    expect(await answerDraftOf(t.db, laura.id, waiting)).toBeUndefined();
  });

  it("keeps an answer posted after the session ended as that official's draft, and nothing for anyone else", async () => {
    const caseId = await lauraCase();
    const laura = who('specialiste').id;
    const policy = await sessionPolicy(t.db);
    const path = staffPaths.case('lv', caseId);
    const token = await createSession(t.db, laura, { secondFactorDone: true, policy, now: at(0) });
    const fields = { action: 'answer', version: '1', text: 'Garā atbilde, ko rakstīju stundu' };

    // Idle for an hour: the session opens nothing, but still names Laura.
    const back = await keepLateAnswer(t.db, { request: answerPost(path, fields, token), pathname: path, token, now: at(60) });
    expect(back).toBe(staffPaths.case('lv', caseId, { draft: 'kept' }, 'action-answer'));
    expect((await answerDraftOf(t.db, laura, caseId))?.text).toBe(fields.text);

    // Another action's text is not an answer; no cookie, a made-up one, or a half sign-in name nobody.
    await t.db.delete(answerDrafts).where(eq(answerDrafts.caseId, caseId));
    const other = { action: 'extend_deadline', reason: 'Teksts' };
    expect(await keepLateAnswer(t.db, { request: answerPost(path, other, token), pathname: path, token, now: at(60) })).toBeUndefined();
    expect(
      await keepLateAnswer(t.db, { request: answerPost(path, fields), pathname: path, token: undefined, now: at(60) }),
    ).toBeUndefined();
    const madeUp = 'A'.repeat(43);
    expect(
      await keepLateAnswer(t.db, { request: answerPost(path, fields, madeUp), pathname: path, token: madeUp, now: at(60) }),
    ).toBeUndefined();
    const half = await createSession(t.db, laura, { secondFactorDone: false, policy, now: at(0) });
    expect(
      await keepLateAnswer(t.db, { request: answerPost(path, fields, half), pathname: path, token: half, now: at(60) }),
    ).toBeUndefined();
    // Past the grace, or after signing out, the cookie names nobody either.
    const late = at(policy.idleMinutes + ENDED_SESSION_GRACE_HOURS * 60 + 1);
    expect(await keepLateAnswer(t.db, { request: answerPost(path, fields, token), pathname: path, token, now: late })).toBeUndefined();
    await endSession(t.db, token);
    expect(await keepLateAnswer(t.db, { request: answerPost(path, fields, token), pathname: path, token, now: at(60) })).toBeUndefined();
    // Another unit's official may not leave a draft on Laura's case.
    const elsewhere = await createSession(t.db, who('atlaujas').id, { secondFactorDone: true, policy, now: at(0) });
    expect(
      await keepLateAnswer(t.db, { request: answerPost(path, fields, elsewhere), pathname: path, token: elsewhere, now: at(60) }),
    ).toBeUndefined();
    expect(await t.db.select().from(answerDrafts).where(eq(answerDrafts.caseId, caseId))).toEqual([]);
  });
});
