import { describe, expect, it } from 'vitest';
import { readReceived, RECEIVED_WITHIN_DAYS, validateRegistration } from '#src/intake/register-rules.ts';
import type { IntakeContext } from '#src/intake/rules.ts';
import { computeDeadline, deadlineKindFor, seedDeadlineRules } from '#src/calendar/deadlines.ts';
import { knownTransfers, statutoryHolidays } from '#src/calendar/holidays.ts';
import { buildCalendar } from '#src/calendar/working-days.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';

// Issue 16: a submission an official registers from a letter, a call or a
// visit. Wednesday 2 December 2026, 10:00 in Riga (08:00 UTC).
const now = new Date('2026-12-02T08:00:00Z');
const context: IntakeContext = {
  topics: [{ code: 'eia', id: 10, unitId: 2 }],
  triageUnitId: 1,
  languagesByUnit: new Map([
    [1, [['lv', 'en']]],
    [2, [['lv']]],
  ]),
};
const letter = {
  kind: 'complaint',
  channel: 'post',
  receivedOn: '25.11.2026.',
  receivedTime: '',
  topic: 'eia',
  complaintAbout: 'service',
  details: 'Vēstule: atbilde uz manu iesniegumu nav saņemta.',
  name: 'Jānis Bērziņš',
  replyChannel: 'post',
  address: 'Brīvības iela 1, Rīga, LV-1010',
  replyLanguage: 'lv',
};
const problems = (r: ReturnType<typeof validateRegistration>) => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.key}`));

describe('the date a registered submission was received', () => {
  it('takes a day in the last 30 days, written as Latvians write it', () => {
    const r = readReceived('25.11.2026.', '', now);
    expect(r).toMatchObject({ ok: true, received: { receivedOn: '2026-11-25', timeKnown: false } });
  });

  it('takes today with the moment of registering when no time is typed', () => {
    const r = readReceived('2026-12-02', '', now);
    expect(r.ok && r.received.receivedAt).toEqual(now);
  });

  it('takes a time typed, as Riga time', () => {
    const r = readReceived('1.12.2026', '14:30', now);
    expect(r.ok && r.received.receivedAt.toISOString()).toBe('2026-12-01T12:30:00.000Z');
    expect(r.ok && r.received.timeKnown).toBe(true);
  });

  it('refuses a day in the future, a time later today, and a day before the limit', () => {
    expect(readReceived('03.12.2026', '', now)).toEqual({ ok: false, problems: [{ field: 'receivedOn', key: 'receivedInFuture' }] });
    expect(readReceived('02.12.2026', '11:00', now)).toEqual({ ok: false, problems: [{ field: 'receivedTime', key: 'receivedInFuture' }] });
    expect(readReceived('01.11.2026', '', now)).toEqual({
      ok: false,
      problems: [{ field: 'receivedOn', key: 'receivedTooLongAgo', values: { days: RECEIVED_WITHIN_DAYS } }],
    });
    // The 30th day back is still in.
    expect(readReceived('02.11.2026', '', now).ok).toBe(true);
  });

  it('refuses a date that does not exist, an empty date and a time that is no time', () => {
    expect(readReceived('31.11.2026', '', now)).toMatchObject({ ok: false, problems: [{ field: 'receivedOn', key: 'date' }] });
    expect(readReceived('', '25:00', now)).toMatchObject({
      ok: false,
      problems: [
        { field: 'receivedOn', key: 'required' },
        { field: 'receivedTime', key: 'timeInvalid' },
      ],
    });
  });
});

describe('a registration', () => {
  it('is a complaint by post with the public form’s routing and reply channel', () => {
    const r = validateRegistration(letter, context, now);
    expect(problems(r)).toEqual([]);
    expect(r.ok && r.registration).toMatchObject({
      kind: 'complaint',
      channel: 'post',
      received: { receivedOn: '2026-11-25' },
      submission: { unitId: 2, replyChannel: 'post', contact: { address: 'Brīvības iela 1, Rīga, LV-1010' } },
    });
  });

  it('runs its deadline from the day received, not from the day registered', () => {
    const r = validateRegistration(letter, context, now);
    if (!r.ok) throw new Error('expected a valid registration');
    const calendar = buildCalendar([...statutoryHolidays(2026), ...statutoryHolidays(2027), ...knownTransfers()]);
    const deadline = computeDeadline(calendar, seedDeadlineRules(), deadlineKindFor('complaint', null), r.registration.received.receivedAt);
    expect(rigaDateOf(r.registration.received.receivedAt)).toBe('2026-11-25');
    const fromToday = computeDeadline(calendar, seedDeadlineRules(), deadlineKindFor('complaint', null), now);
    expect(deadline!.receivedOn).toBe('2026-11-25');
    expect(deadline!.dueOn < fromToday!.dueOn).toBe(true);
  });

  it('lists the channel and date problems first, then the form’s own, all at once', () => {
    const r = validateRegistration({ ...letter, channel: 'fax', receivedOn: '12.12.2026', address: '' }, context, now);
    expect(problems(r)).toEqual(['channel:choose', 'receivedOn:receivedInFuture', 'address:requiredForPost']);
  });

  it('refuses a kind that is not one of the forms', () => {
    expect(problems(validateRegistration({ ...letter, kind: 'web' }, context, now))).toContain('kind:choose');
  });
});
