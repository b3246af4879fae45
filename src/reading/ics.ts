import { createEvent } from 'ics';

// S-13: both sides get a calendar file. One UID per booking for its whole
// life; every change raises SEQUENCE, so a calendar program replaces the
// entry it has (a new time) or removes it (METHOD:CANCEL). Times are written
// in UTC ("Z"), which every program shows in its own zone: no VTIMEZONE for
// Europe/Riga to get wrong.

export type CalendarFileInput = {
  uid: string;
  /** 0 for the first version, then one more for every change. */
  sequence: number;
  method: 'PUBLISH' | 'CANCEL';
  start: Date;
  end: Date;
  title: string;
  description: string;
  /** The institution's address (the reading room is there). */
  location: string;
  organizer: { name: string; email: string };
  /**
   * Whom the letter with the file goes to (the client, or the official).
   * Named only in a cancellation: RFC 5546 §3.2.5, a CANCEL names some or
   * all of the attendees it concerns (ATTENDEE 1+); §3.2.1, a PUBLISH
   * names none (ATTENDEE 0), and Outlook shows one that does as a meeting
   * to answer (referees.md C1, C2).
   */
  attendee: { name: string; email: string };
};

export class CalendarFileError extends Error {}

export function calendarFile(input: CalendarFileInput): string {
  const utc = (d: Date): [number, number, number, number, number] => [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
  const { error, value } = createEvent({
    productId: 'klientu-balss/reading-appointments',
    method: input.method,
    uid: input.uid,
    sequence: input.sequence,
    start: utc(input.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utc(input.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: input.title,
    description: input.description,
    location: input.location,
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    busyStatus: 'BUSY',
    organizer: input.organizer,
    ...(input.method === 'CANCEL'
      ? { attendees: [{ ...input.attendee, rsvp: false, partstat: 'ACCEPTED' as const, role: 'REQ-PARTICIPANT' as const }] }
      : {}),
  });
  if (error || !value) throw new CalendarFileError(error?.message ?? 'calendar file not made');
  return foldContentLines(value);
}

/** The longest a physical line may be, in octets, without its CRLF (RFC 5545 §3.1). */
export const MAX_LINE_OCTETS = 75;

/**
 * Folds every content line at 75 octets (RFC 5545 §3.1: "Lines of text
 * SHOULD NOT be longer than 75 octets, excluding the line break"), never
 * inside a UTF-8 character: §3.1 calls a fold "in the middle of a UTF-8
 * multi-octet sequence" improper, and not every reader mends it. The
 * `ics` package folds at 75 characters, so a line with ā, ļ, ņ… came out
 * up to 78 octets (referees.md C3). Its folds are undone first (CRLF and
 * one space or tab, §3.1), then each line is folded again: CRLF and one
 * space, the space counting towards the next line's 75.
 */
export function foldContentLines(text: string): string {
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  // for…of walks by code point, so a character's octets stay together.
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** A calendar file as an outbox attachment (the method goes in the content type too, RFC 6047). */
export function calendarAttachment(ics: string, method: CalendarFileInput['method']) {
  return {
    filename: method === 'CANCEL' ? 'reading-cancelled.ics' : 'reading-appointment.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    contentBase64: Buffer.from(ics, 'utf8').toString('base64'),
  };
}
