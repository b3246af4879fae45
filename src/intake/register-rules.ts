import { CASE_KINDS, type CaseChannel, type CaseKind } from '#src/cases/schema.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { rigaDateOf, rigaLocalToInstant } from '#src/calendar/riga-time.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { inFormOrder, validateIntake, type IntakeContext, type IntakeSubmission } from './rules.ts';

// Issue 16: what arrived by post, e-mail, phone, a visit or the official
// e-address is registered by an official and becomes a case like a web one.
// The submission's own fields follow the public forms' rules (validateIntake,
// not a copy); what is added here is how and when it arrived.

/** The channels an official registers from; 'web' is the forms' own. */
export const REGISTERED_CHANNELS = ['post', 'email', 'phone', 'in_person', 'e_address'] as const satisfies readonly CaseChannel[];
export type RegisteredChannel = (typeof REGISTERED_CHANNELS)[number];

/**
 * How far back a received date may go. A letter found in the post room a
 * few weeks late is registered with the day it came, so its deadline is not
 * quietly longer; a date older than this is far more likely a slip of the
 * year than a letter, and is refused.
 */
export const RECEIVED_WITHIN_DAYS = 30;

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

export type ReceivedWhen = {
  receivedOn: IsoDate;
  /** The instant of receipt: today's "now", or the time typed on that day, or the day's start when not known. */
  receivedAt: Date;
  /** False when only the day is known (the proof of receipt then shows no time). */
  timeKnown: boolean;
};

/**
 * The day (and, when typed, the time) a submission was received, as the
 * official typed it: a real date, not in the future, and not before the
 * last RECEIVED_WITHIN_DAYS days (Riga days, like every deadline).
 */
export function readReceived(
  dateText: string,
  timeText: string,
  now: Date,
): { ok: true; received: ReceivedWhen } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const today = rigaDateOf(now);
  const earliest = addCalendarDays(today, -RECEIVED_WITHIN_DAYS);
  const date = dateText.trim() === '' ? undefined : parseDateText(dateText);
  if (dateText.trim() === '') problems.push({ field: 'receivedOn', key: 'required' });
  else if (!date) problems.push({ field: 'receivedOn', key: 'date' });
  else if (date > today) problems.push({ field: 'receivedOn', key: 'receivedInFuture' });
  else if (date < earliest) problems.push({ field: 'receivedOn', key: 'receivedTooLongAgo', values: { days: RECEIVED_WITHIN_DAYS } });

  const time = timeText.trim();
  const clock = time === '' ? undefined : TIME.exec(time);
  if (time !== '' && !clock) problems.push({ field: 'receivedTime', key: 'timeInvalid' });
  if (problems.length > 0 || !date) return { ok: false, problems };

  const hhmm = clock ? `${clock[1]!.padStart(2, '0')}:${clock[2]}` : undefined;
  if (hhmm) {
    const at = rigaLocalToInstant(date, hhmm);
    if (at.getTime() > now.getTime()) return { ok: false, problems: [{ field: 'receivedTime', key: 'receivedInFuture' }] };
    return { ok: true, received: { receivedOn: date, receivedAt: at, timeKnown: true } };
  }
  // Received today without a time typed: registered as it is handed over.
  if (date === today) return { ok: true, received: { receivedOn: date, receivedAt: now, timeKnown: true } };
  return { ok: true, received: { receivedOn: date, receivedAt: rigaLocalToInstant(date, '00:00'), timeKnown: false } };
}

export type Registration = {
  kind: CaseKind;
  channel: RegisteredChannel;
  received: ReceivedWhen;
  submission: IntakeSubmission;
};

/** The registration form's fields after the public form's: the kind and channel first, the received date and time. */
const REGISTER_FIELDS = ['kind', 'channel', 'receivedOn', 'receivedTime'];

/**
 * Checks a registration: the kind, the channel and the received date here,
 * everything the client said by the public form's rules (validateIntake).
 * All problems come at once, in the order the fields stand on the page.
 */
export function validateRegistration(
  fields: Record<string, string>,
  context: IntakeContext,
  now: Date,
): { ok: true; registration: Registration } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const kind = (CASE_KINDS as readonly string[]).includes(fields.kind ?? '') ? (fields.kind as CaseKind) : undefined;
  if (!kind) problems.push({ field: 'kind', key: 'choose' });
  const channel = (REGISTERED_CHANNELS as readonly string[]).includes(fields.channel ?? '')
    ? (fields.channel as RegisteredChannel)
    : undefined;
  if (!channel) problems.push({ field: 'channel', key: 'choose' });
  const received = readReceived(fields.receivedOn ?? '', fields.receivedTime ?? '', now);
  if (!received.ok) problems.push(...received.problems);
  // Without a kind the form's own rules cannot be chosen: the question's are the plainest.
  const intake = validateIntake(kind ?? 'question', fields, context);
  if (!intake.ok) problems.push(...inFormOrder(kind ?? 'question', intake.problems));
  if (problems.length > 0 || !kind || !channel || !received.ok || !intake.ok) {
    const head = problems.filter((p) => REGISTER_FIELDS.includes(p.field));
    const rest = problems.filter((p) => !REGISTER_FIELDS.includes(p.field));
    return { ok: false, problems: [...head, ...rest] };
  }
  return { ok: true, registration: { kind, channel, received: received.received, submission: intake.submission } };
}
