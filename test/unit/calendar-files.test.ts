import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarFile, foldContentLines, MAX_LINE_OCTETS, type CalendarFileInput } from '#src/reading/ics.ts';
import { changeMails } from '#src/reading/messages.ts';
import type { Institution } from '#src/settings/queries.ts';

// Referees.md C1–C3, read by an independent parser (ical.js): iTIP's rules
// for attendees (RFC 5546 §3.2.1, §3.2.5) and folding at 75 octets without
// splitting a UTF-8 character (RFC 5545 §3.1).

const description =
  'Lieta VPVB-2026-000042. Vieta: Lasītava, 1. vieta. Lūdzu, ņemiet līdzi personu apliecinošu dokumentu; ' +
  'ieeja no Rūpniecības ielas, ģērbtuve pirmajā stāvā, žurnāls pie ieejas. Ķēdes, ļaudis, čaklāk šķērsojiet — ĀĒĪŪ ŅĻĢŠŽČĶ.';
const event: Omit<CalendarFileInput, 'method' | 'sequence'> = {
  uid: 'reading-7@atsauksmes.example.lv',
  start: new Date('2026-12-01T08:30:00Z'),
  end: new Date('2026-12-01T09:30:00Z'),
  title: 'Iepazīšanās ar dokumentiem birojā (VPVB-2026-000042), Lasītava, 1. vieta, Rūpniecības iela',
  description,
  location: 'Rūpniecības iela 23, Rīga, LV-1045',
  organizer: { name: 'Vides pārraudzības valsts birojs', email: 'pasts@vpvb.gov.lv' },
  attendee: { name: 'Anna Kalniņa-Bērziņa', email: 'anna@example.lv' },
};

function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, event: calendar.getFirstSubcomponent('vevent')! };
}

/** Every physical line with its length in octets; a file ends with CRLF and has no bare LF. */
function physicalLines(text: string): Array<{ line: string; octets: number }> {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => ({ line, octets: Buffer.byteLength(line, 'utf8') }));
}

describe('a calendar file read by ical.js', () => {
  const publish = calendarFile({ ...event, sequence: 0, method: 'PUBLISH' });
  const cancel = calendarFile({ ...event, sequence: 2, method: 'CANCEL' });

  it('publishes without attendees (RFC 5546 §3.2.1)', () => {
    const { calendar, event: vevent } = parsed(publish);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(vevent.getAllProperties('attendee')).toEqual([]);
    expect(vevent.getFirstPropertyValue('organizer')).toMatch(/^mailto:pasts@vpvb\.gov\.lv$/i);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('cancels naming the attendee (RFC 5546 §3.2.5)', () => {
    const { calendar, event: vevent } = parsed(cancel);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual(['mailto:anna@example.lv']);
    expect(attendees[0]!.getParameter('cn')).toBe('Anna Kalniņa-Bērziņa');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('folds every line at 75 octets, continuing with one space', () => {
    for (const text of [publish, cancel]) {
      const lines = physicalLines(text);
      expect(Math.max(...lines.map((l) => l.octets))).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      // The description is long enough to be folded, and folded with a space, not a tab.
      expect(lines.filter((l) => l.line.startsWith(' ')).length).toBeGreaterThan(2);
      expect(lines.some((l) => l.line.startsWith('\t'))).toBe(false);
    }
  });

  it('gives back the long Latvian texts exactly', () => {
    for (const text of [publish, cancel]) {
      const { event: vevent } = parsed(text);
      expect(vevent.getFirstPropertyValue('description')).toBe(description);
      expect(vevent.getFirstPropertyValue('summary')).toBe(event.title);
      expect(vevent.getFirstPropertyValue('location')).toBe(event.location);
    }
  });
});

describe('folding content lines', () => {
  it('never splits a character: each physical line is whole UTF-8 and ≤ 75 octets', () => {
    // 2-octet ā, 3-octet —, 4-octet 𝄞: every possible place for a fold to fall.
    for (const filler of ['ā', 'ā—', 'a𝄞ā', 'aā']) {
      const value = `DESCRIPTION:${filler.repeat(80)}`;
      const folded = foldContentLines(`BEGIN:VCALENDAR\r\n${value}\r\nEND:VCALENDAR\r\n`);
      for (const { line, octets } of physicalLines(folded)) {
        expect(octets).toBeLessThanOrEqual(MAX_LINE_OCTETS);
        // Half a character would not survive the trip through UTF-8 (it becomes U+FFFD).
        expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      }
      // Unfolding (RFC 5545 §3.1: CRLF and one space) gives the line back.
      expect(folded.replace(/\r\n /g, '').split('\r\n')[1]).toBe(value);
      // Lines are filled: a fold comes only where the next character would not fit.
      const lines = physicalLines(folded).slice(1, -2);
      for (const { octets } of lines) expect(octets).toBeGreaterThan(MAX_LINE_OCTETS - 4);
    }
  });

  it('leaves short lines as they are', () => {
    const text = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    expect(foldContentLines(text)).toBe(text);
  });
});

describe('the calendar files of a cancelled booking', () => {
  it('name each letter’s recipient, the official included (referees.md C2)', () => {
    const institution = {
      nameLv: 'Vides pārraudzības valsts birojs',
      nameEn: 'State Environmental Monitoring Bureau',
      address: 'Rūpniecības iela 23, Rīga, LV-1045',
      email: 'pasts@vpvb.gov.lv',
    } as Institution;
    const mails = (change: 'booked' | 'cancelled') =>
      changeMails({
        change,
        booking: {
          bookingId: 7,
          version: change === 'booked' ? 1 : 2,
          start: event.start,
          end: event.end,
          placeName: 'Lasītava, 1. vieta',
          reference: 'VPVB-2026-000042',
          caseId: 42,
        },
        by: 'client',
        recipients: {
          client: { email: 'anna@example.lv', name: 'Anna Kalniņa', locale: 'lv' },
          officials: [{ email: 'ierednis@demo.vpvb.lv', fullName: 'Andris Ierēdnis' }],
        },
        institution,
        baseUrl: 'https://atsauksmes.example.lv',
        domain: 'atsauksmes.example.lv',
      });
    const attendeesOf = (mail: ReturnType<typeof mails>[number]) =>
      parsed(Buffer.from(mail.attachments![0]!.contentBase64, 'base64').toString('utf8'))
        .event.getAllProperties('attendee')
        .map((a) => a.getFirstValue());
    expect(mails('booked').map(attendeesOf)).toEqual([[], []]);
    expect(mails('cancelled').map(attendeesOf)).toEqual([['mailto:anna@example.lv'], ['mailto:ierednis@demo.vpvb.lv']]);
  });
});
