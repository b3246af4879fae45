import { describe, expect, it } from 'vitest';
import { knownTransfers, statutoryHolidays } from '#src/calendar/holidays.ts';
import { buildCalendar, type OfficeHours } from '#src/calendar/working-days.ts';
import {
  checkInvitation,
  clientMayChange,
  freeSlots,
  generateSlots,
  dayStep,
  groupByDay,
  mayRecordAttendance,
  offeredSlots,
  reminderDay,
  reminderDue,
  windowEnd,
} from '#src/reading/rules.ts';
import { calendarFile } from '#src/reading/ics.ts';
import { changeMails } from '#src/reading/messages.ts';
import type { Institution } from '#src/settings/queries.ts';
import { allowedActions } from '#src/cases/rules.ts';

// S-13: reading slots come from the working-day calendar and office hours
// (latvia.md), and every booking's calendar file says the same time.

const calendar = buildCalendar([...[2026, 2027].flatMap((y) => statutoryHolidays(y)), ...knownTransfers()]);
const hours: OfficeHours = new Map(
  [1, 2, 3, 4, 5].map((d) => [
    d,
    [
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '17:00' },
    ],
  ]),
);
const slotsOn = (date: string, slotMinutes = 60, closures: Array<{ fromDate: string; toDate: string }> = []) =>
  generateSlots({ calendar, hours, from: date, to: date, slotMinutes, closures });
const times = (date: string, slotMinutes = 60) => slotsOn(date, slotMinutes).map((s) => `${s.startTime}–${s.endTime}`);

describe('reading slots against the calendar', () => {
  it('fills an ordinary Tuesday with hour slots on both sides of the lunch break', () => {
    expect(times('2026-11-24')).toEqual([
      '08:30–09:30',
      '09:30–10:30',
      '10:30–11:30',
      '11:30–12:30',
      '13:00–14:00',
      '14:00–15:00',
      '15:00–16:00',
      '16:00–17:00',
    ]);
  });

  it('never lets a slot cross the lunch break, whatever its length', () => {
    // 90 minutes: 11:30–13:00 would cross 12:30–13:00, and 16:00–17:30 would pass closing.
    expect(times('2026-11-24', 90)).toEqual(['08:30–10:00', '10:00–11:30', '13:00–14:30', '14:30–16:00']);
    for (const s of slotsOn('2026-11-24', 45)) {
      expect(s.startTime >= '12:30' && s.startTime < '13:00').toBe(false);
      expect(s.endTime > '12:30' && s.startTime < '12:30').toBe(false);
    }
  });

  it('gives no slots on a public holiday: 18 November and Christmas Eve 2026', () => {
    expect(slotsOn('2026-11-18')).toEqual([]);
    expect(slotsOn('2026-12-24')).toEqual([]);
  });

  it('gives none on a weekend, nor on the Friday given up for a transferred Saturday', () => {
    expect(slotsOn('2026-11-21')).toEqual([]);
    expect(slotsOn('2026-11-22')).toEqual([]);
    expect(slotsOn('2026-01-02')).toEqual([]);
  });

  it('gives slots on the transferred working Saturday 17 January 2026', () => {
    expect(times('2026-01-17')).toHaveLength(8);
    expect(times('2026-01-17')[0]).toBe('08:30–09:30');
  });

  it('ends an hour earlier on a shortened pre-holiday day: 23 December and 17 November 2026', () => {
    expect(times('2026-12-23')).toEqual([
      '08:30–09:30',
      '09:30–10:30',
      '10:30–11:30',
      '11:30–12:30',
      '13:00–14:00',
      '14:00–15:00',
      '15:00–16:00',
    ]);
    expect(times('2026-11-17').at(-1)).toBe('15:00–16:00');
  });

  it('removes the days of a closure and nothing else', () => {
    const closures = [{ fromDate: '2026-11-25', toDate: '2026-11-26' }];
    const week = generateSlots({ calendar, hours, from: '2026-11-23', to: '2026-11-27', slotMinutes: 60, closures });
    expect([...new Set(week.map((s) => s.date))]).toEqual(['2026-11-23', '2026-11-24', '2026-11-27']);
    expect(slotsOn('2026-11-25', 60, closures)).toEqual([]);
  });

  it('puts slots at Riga time, in winter and in summer', () => {
    expect(slotsOn('2026-11-24')[0]!.start.toISOString()).toBe('2026-11-24T06:30:00.000Z');
    // 27 June 2026 is a transferred working Saturday, in summer time (UTC+3).
    expect(slotsOn('2026-06-27')[0]!.start.toISOString()).toBe('2026-06-27T05:30:00.000Z');
  });

  it('ends an hour earlier on Saturday 27 June 2026: it works the hours of Monday 22 June, the day before Midsummer Eve', () => {
    expect(times('2026-06-27')).toEqual(times('2026-12-23'));
    expect(times('2026-06-27').at(-1)).toBe('15:00–16:00');
    // Saturday 17 January 2026 replaces Friday 2 January, before no holiday: a full day.
    expect(times('2026-01-17').at(-1)).toBe('16:00–17:00');
  });

  it('counts a seat busy in every slot its booking overlaps, and frees the others', () => {
    const day = slotsOn('2026-11-24');
    // A booking made under a 90-minute rule, 09:00–10:30, blocks 08:30 and 09:30 on seat 1.
    const occupied = [{ placeId: 1, start: new Date('2026-11-24T07:00:00Z'), end: new Date('2026-11-24T08:30:00Z') }];
    const free = freeSlots(day, [1, 2], occupied);
    expect(free.find((s) => s.startTime === '08:30')!.freePlaceIds).toEqual([2]);
    expect(free.find((s) => s.startTime === '09:30')!.freePlaceIds).toEqual([2]);
    expect(free.find((s) => s.startTime === '10:30')!.freePlaceIds).toEqual([1, 2]);
    expect(freeSlots(day, [1], occupied).map((s) => s.startTime)).not.toContain('08:30');
  });

  it('offers the whole window, or only the specific times the official chose', () => {
    const week = generateSlots({ calendar, hours, from: '2026-11-23', to: '2026-11-27', slotMinutes: 60 });
    expect(offeredSlots(week, { fromDate: '2026-11-24', toDate: '2026-11-24', times: [] })).toHaveLength(8);
    const chosen = ['2026-11-25T07:30:00.000Z', '2026-11-26T12:00:00.000Z'];
    expect(
      offeredSlots(week, { fromDate: '2026-11-23', toDate: '2026-11-27', times: chosen }).map((s) => `${s.date} ${s.startTime}`),
    ).toEqual(['2026-11-25 09:30', '2026-11-26 14:00']);
  });

  it('groups slots by day in time order', () => {
    const week = generateSlots({ calendar, hours, from: '2026-11-23', to: '2026-11-24', slotMinutes: 120 });
    expect(groupByDay([...week].reverse()).map((d) => [d.date, d.slots.map((s) => s.startTime)])).toEqual([
      ['2026-11-23', ['08:30', '10:30', '13:00', '15:00']],
      ['2026-11-24', ['08:30', '10:30', '13:00', '15:00']],
    ]);
  });

  it('offers the days first, then the times of the day asked for or of the time chosen (ux.md D27)', () => {
    const slots = generateSlots({ calendar, hours, from: '2026-11-23', to: '2026-11-24', slotMinutes: 120 }).slice(0, 7);
    const first = dayStep(slots, {});
    expect(first.days).toEqual([
      { date: '2026-11-23', free: 4 },
      { date: '2026-11-24', free: 3 },
    ]);
    expect(first.open).toBeUndefined();
    expect(dayStep(slots, { day: '2026-11-24' }).open?.slots.map((s) => s.startTime)).toEqual(['08:30', '10:30', '13:00']);
    // A day with nothing free, or no day at all, opens nothing.
    expect(dayStep(slots, { day: '2026-11-25' }).open).toBeUndefined();
    expect(dayStep(slots, { day: 'x' }).open).toBeUndefined();
    // A refused post shows the day of the time the client had chosen.
    expect(dayStep(slots, { selected: slots[5]!.start.toISOString() }).open?.date).toBe('2026-11-24');
    // A single day needs no first step.
    expect(dayStep(slots.slice(0, 2), {}).open?.date).toBe('2026-11-23');
  });
});

describe('the client cut-off, attendance and reminders', () => {
  const start = new Date('2026-12-01T08:00:00Z');
  it('lets a client change a booking until the cut-off, not after', () => {
    expect(clientMayChange(start, new Date('2026-11-30T08:00:00Z'), 24)).toBe(true);
    expect(clientMayChange(start, new Date('2026-11-30T08:00:01Z'), 24)).toBe(false);
  });
  it('records attendance only once the time has begun', () => {
    expect(mayRecordAttendance(start, new Date('2026-12-01T07:59:00Z'))).toBe(false);
    expect(mayRecordAttendance(start, start)).toBe(true);
  });
  it('reminds on the working day before: Friday for a Monday, and before the Christmas holidays', () => {
    expect(reminderDay(calendar, '2026-11-30')).toBe('2026-11-27');
    expect(reminderDay(calendar, '2026-12-28')).toBe('2026-12-23');
    expect(reminderDue(calendar, new Date('2026-11-30T08:00:00Z'), new Date('2026-11-26T10:00:00Z'))).toBe(false);
    expect(reminderDue(calendar, new Date('2026-11-30T08:00:00Z'), new Date('2026-11-27T10:00:00Z'))).toBe(true);
    expect(reminderDue(calendar, new Date('2026-11-30T08:00:00Z'), new Date('2026-11-30T09:00:00Z'))).toBe(false);
  });
  it('ends an invitation at midnight Riga time after its last day', () => {
    expect(windowEnd('2026-12-04').toISOString()).toBe('2026-12-04T22:00:00.000Z');
  });
});

describe('who may invite a client to read in the office', () => {
  const official = { id: 1, role: 'official' as const, unitId: 7 };
  const request = {
    kind: 'information_request' as const,
    status: 'received' as const,
    unitId: 7,
    assigneeId: 1,
    pendingDecision: null,
    anonymous: false,
  };
  it('is an action on an open information request only (S-13)', () => {
    expect(allowedActions(official, request)).toContain('invite_to_read');
    expect(allowedActions(official, { ...request, kind: 'question' })).not.toContain('invite_to_read');
    expect(allowedActions(official, { ...request, status: 'refused' })).not.toContain('invite_to_read');
    expect(allowedActions({ ...official, unitId: 8, id: 2 }, request)).not.toContain('invite_to_read');
  });
});

describe("checking an official's invitation", () => {
  const slots = generateSlots({ calendar, hours, from: '2026-11-24', to: '2026-12-24', slotMinutes: 60 });
  const base = { today: '2026-11-24', daysAhead: 30, slots };
  it('accepts a window with free times and specific times in it', () => {
    expect(checkInvitation({ ...base, from: '2026-11-30', to: '2026-12-04', times: '2026-12-01 10:30\n2026-12-02 13:00\n' })).toEqual({
      ok: true,
      fromDate: '2026-11-30',
      toDate: '2026-12-04',
      times: ['2026-12-01T08:30:00.000Z', '2026-12-02T11:00:00.000Z'],
    });
  });
  it('takes the dates as Latvians write them, in the window and in the times (ux.md D15)', () => {
    expect(checkInvitation({ ...base, from: '30.11.2026.', to: '4.12.2026', times: '01.12.2026. 10:30\n2.12.2026 13:00' })).toEqual({
      ok: true,
      fromDate: '2026-11-30',
      toDate: '2026-12-04',
      times: ['2026-12-01T08:30:00.000Z', '2026-12-02T11:00:00.000Z'],
    });
    expect(checkInvitation({ ...base, from: '31.11.2026', to: '4.12.2026', times: '' })).toMatchObject({
      problems: [{ field: 'from', key: 'date' }],
    });
  });
  it('refuses a window in the past, reversed, too far ahead, or without a working day', () => {
    expect(checkInvitation({ ...base, from: '2026-11-20', to: '2026-11-30', times: '' })).toMatchObject({
      problems: [{ field: 'from', key: 'past' }],
    });
    expect(checkInvitation({ ...base, from: '2026-12-04', to: '2026-12-01', times: '' })).toMatchObject({
      problems: [{ field: 'to', key: 'beforeFrom' }],
    });
    expect(checkInvitation({ ...base, from: '2026-12-01', to: '2027-01-30', times: '' })).toMatchObject({
      problems: [{ field: 'to', key: 'tooFar', values: { latest: '2026-12-24' } }],
    });
    expect(checkInvitation({ ...base, from: '2026-12-24', to: '2026-12-24', times: '' })).toMatchObject({
      problems: [{ field: 'to', key: 'noSlots' }],
    });
    expect(checkInvitation({ ...base, from: '2026-02-30', to: '', times: '' })).toMatchObject({ ok: false });
  });
  it('refuses a specific time that is not a slot (the lunch break, a holiday)', () => {
    expect(checkInvitation({ ...base, from: '2026-11-30', to: '2026-12-04', times: '2026-12-01 12:45' })).toMatchObject({
      problems: [{ field: 'times', key: 'notASlot' }],
    });
    expect(checkInvitation({ ...base, from: '2026-11-30', to: '2026-12-04', times: '2026-12-08 10:30' })).toMatchObject({
      problems: [{ field: 'times', key: 'notASlot' }],
    });
  });
});

/** Unfolds an iCalendar text (RFC 5545 3.1) into its properties, values unescaped. */
function parseIcs(text: string): Map<string, string[]> {
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter(Boolean);
  const props = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line
      .slice(colon + 1)
      .replace(/\\([,;\\])/g, '$1')
      .replace(/\\n/gi, '\n');
    props.set(name, [...(props.get(name) ?? []), value]);
  }
  return props;
}

describe('calendar files', () => {
  const event = {
    uid: 'reading-7@atsauksmes.example.lv',
    start: new Date('2026-12-01T08:30:00Z'),
    end: new Date('2026-12-01T09:30:00Z'),
    title: 'Dokumentu iepazīšana birojā (VPVB-2026-000042)',
    description: 'Lieta VPVB-2026-000042.',
    location: 'Rūpniecības iela 23, Rīga, LV-1045',
    organizer: { name: 'Vides pārraudzības valsts birojs', email: 'pasts@vpvb.gov.lv' },
    attendee: { name: 'Anna Kalniņa', email: 'anna@example.lv' },
  };

  it('writes the time in UTC, the address as the location and the booking as the UID', () => {
    const ics = parseIcs(calendarFile({ ...event, sequence: 0, method: 'PUBLISH' }));
    expect(ics.get('METHOD')).toEqual(['PUBLISH']);
    // 10:30–11:30 in Riga (UTC+2 in December).
    expect(ics.get('DTSTART')).toEqual(['20261201T083000Z']);
    expect(ics.get('DTEND')).toEqual(['20261201T093000Z']);
    expect(ics.get('LOCATION')).toEqual(['Rūpniecības iela 23, Rīga, LV-1045']);
    expect(ics.get('UID')).toEqual(['reading-7@atsauksmes.example.lv']);
    expect(ics.get('SEQUENCE')).toEqual(['0']);
    expect(ics.get('SUMMARY')).toEqual(['Dokumentu iepazīšana birojā (VPVB-2026-000042)']);
  });

  it('cancels with METHOD:CANCEL, the same UID and a higher SEQUENCE', () => {
    const ics = parseIcs(calendarFile({ ...event, sequence: 2, method: 'CANCEL' }));
    expect(ics.get('METHOD')).toEqual(['CANCEL']);
    expect(ics.get('STATUS')).toEqual(['CANCELLED']);
    expect(ics.get('UID')).toEqual(['reading-7@atsauksmes.example.lv']);
    expect(ics.get('SEQUENCE')).toEqual(['2']);
  });

  it('attaches to each change a file whose SEQUENCE follows the booking version', () => {
    const institution = {
      nameLv: 'Vides pārraudzības valsts birojs',
      nameEn: 'State Environmental Monitoring Bureau',
      address: 'Rūpniecības iela 23, Rīga, LV-1045',
      email: 'pasts@vpvb.gov.lv',
    } as Institution;
    const mails = (change: 'booked' | 'moved' | 'cancelled', version: number) =>
      changeMails({
        change,
        booking: {
          bookingId: 7,
          version,
          start: event.start,
          end: event.end,
          placeName: 'Lasītava, 1. vieta',
          reference: 'VPVB-2026-000042',
          caseId: 42,
        },
        by: 'client',
        recipients: {
          client: { email: 'anna@example.lv', name: 'Anna Kalniņa', locale: 'en' },
          officials: [{ email: 'ierednis@demo.vpvb.lv', fullName: 'Andris Ierēdnis' }],
        },
        institution,
        baseUrl: 'https://atsauksmes.example.lv',
        domain: 'atsauksmes.example.lv',
      });
    const fileOf = (m: ReturnType<typeof mails>[number]) =>
      parseIcs(Buffer.from(m.attachments![0]!.contentBase64, 'base64').toString('utf8'));
    const booked = mails('booked', 1);
    expect(booked.map((m) => m.to)).toEqual(['anna@example.lv', 'ierednis@demo.vpvb.lv']);
    expect(booked[0]!.subject).toBe('Your appointment to read the documents is booked (VPVB-2026-000042)');
    expect(booked[0]!.text).toContain('Tuesday 1 December 2026, 10:30am to 11:30am');
    expect(fileOf(booked[0]!).get('SEQUENCE')).toEqual(['0']);
    expect(fileOf(mails('moved', 2)[1]!).get('SEQUENCE')).toEqual(['1']);
    const cancelled = mails('cancelled', 3)[0]!;
    expect(cancelled.attachments![0]!.contentType).toContain('method=CANCEL');
    expect(fileOf(cancelled).get('METHOD')).toEqual(['CANCEL']);
    expect(fileOf(cancelled).get('SEQUENCE')).toEqual(['2']);
    expect(fileOf(cancelled).get('UID')).toEqual(fileOf(booked[0]!).get('UID'));
  });
});
