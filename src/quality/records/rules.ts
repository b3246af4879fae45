// The annex's records as plain rules (standard.md, clause 15, annex 1): the
// items of a self-check (Q-1a, Q-2a, Q-5a) and of an observation (Q-1b,
// Q-2b), what an interview note needs (Q-1c), and who may write what when.
// No I/O: the pages and queries.ts ask these.
import type { FieldProblem } from '#src/forms/errors.ts';
import { isWorkingDay, type CalendarData } from '#src/calendar/working-days.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { INTERVIEW_KINDS, type InterviewKind } from '#src/quality/schema.ts';

export const NOTE_MAX = 2000;
export const INTERVIEW_TEXT_MAX = 5000;

export type RecordItem = { key: string; criterion: 'Q-1a' | 'Q-2a' | 'Q-5a' | 'Q-1b' | 'Q-2b'; type: 'scale' | 'yes_no' };

/** A self-check's points on a 1–5 scale ("not at all" … "fully"). */
export const RECORD_SCALE = { min: 1, max: 5 } as const;

/**
 * The daily self-check: competence (Q-1a), communication (Q-2a) and the
 * deadlines of my open cases (Q-5a). Few items, so it takes a minute.
 */
export const SELF_CHECK_ITEMS: readonly RecordItem[] = [
  { key: 'knowledge', criterion: 'Q-1a', type: 'scale' },
  { key: 'sources', criterion: 'Q-1a', type: 'yes_no' },
  { key: 'courtesy', criterion: 'Q-2a', type: 'scale' },
  { key: 'plainLanguage', criterion: 'Q-2a', type: 'yes_no' },
  { key: 'deadlines', criterion: 'Q-5a', type: 'yes_no' },
];

/** What the direct manager watches for: competence (Q-1b) and communication (Q-2b). */
export const OBSERVATION_ITEMS: readonly RecordItem[] = [
  { key: 'knowledge', criterion: 'Q-1b', type: 'scale' },
  { key: 'accuracy', criterion: 'Q-1b', type: 'scale' },
  { key: 'courtesy', criterion: 'Q-2b', type: 'scale' },
  { key: 'clarity', criterion: 'Q-2b', type: 'scale' },
  { key: 'listening', criterion: 'Q-2b', type: 'scale' },
];

/** the observation items the communication report shows. */
export const COMMUNICATION_ITEMS = OBSERVATION_ITEMS.filter((i) => i.criterion === 'Q-2b').map((i) => i.key);

/** The radio value of an observation item the manager had no chance to see ("where possible"). */
export const NOT_OBSERVED = 'none';

type Posted = (name: string) => string;

function scaleValue(text: string): number | undefined {
  const value = /^\d$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  return value >= RECORD_SCALE.min && value <= RECORD_SCALE.max ? value : undefined;
}

function checkNote(problems: FieldProblem[], note: string, field = 'note', max = NOTE_MAX): string | null {
  const text = note.trim();
  if ([...text].length > max) problems.push({ field, key: 'tooLong', values: { count: max } });
  return text === '' ? null : text;
}

export type SelfCheckInput = { answers: Record<string, number | boolean>; note: string | null };

/** Every item answered (a self-check is a check of each), the note optional. */
export function checkSelfCheck(posted: Posted): { ok: true; value: SelfCheckInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const answers: Record<string, number | boolean> = {};
  for (const item of SELF_CHECK_ITEMS) {
    const text = posted(item.key).trim();
    if (item.type === 'yes_no') {
      if (text === 'yes' || text === 'no') answers[item.key] = text === 'yes';
      else problems.push({ field: item.key, key: 'chooseOne' });
    } else {
      const value = scaleValue(text);
      if (value === undefined) problems.push({ field: item.key, key: 'chooseOne' });
      else answers[item.key] = value;
    }
  }
  const note = checkNote(problems, posted('note'));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { answers, note } };
}

/** Q-1a: a self-check belongs to its Riga date and can be changed on that date only. */
export function maySelfCheckBeChanged(onDate: IsoDate, today: IsoDate): boolean {
  return onDate === today;
}

/** How far back a manager may record an observation or an interview held earlier. */
export const RECORD_LOOKBACK_DAYS = 31;

export type ObservationInput = { staffId: number; onDate: IsoDate; scores: Record<string, number>; note: string | null };

/**
 * Q-1b, Q-2b: the direct manager observes one of their own officials on a
 * working day, today or in the last month; items not seen are left out, but
 * at least one must be scored.
 */
export function checkObservation(
  posted: Posted,
  context: { directReports: ReadonlySet<number>; calendar: CalendarData; today: IsoDate },
): { ok: true; value: ObservationInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const staffId = Number(posted('staffId'));
  if (!Number.isSafeInteger(staffId) || !context.directReports.has(staffId)) problems.push({ field: 'staffId', key: 'chooseOfficial' });
  const onDate = checkRecordDate(problems, posted('onDate'), context, { workingDay: true });
  const scores: Record<string, number> = {};
  for (const item of OBSERVATION_ITEMS) {
    const text = posted(item.key).trim();
    if (text === '' || text === NOT_OBSERVED) continue;
    const value = scaleValue(text);
    if (value === undefined) problems.push({ field: item.key, key: 'chooseOne' });
    else scores[item.key] = value;
  }
  if (Object.keys(scores).length === 0 && !problems.some((p) => OBSERVATION_ITEMS.some((i) => i.key === p.field))) {
    problems.push({ field: OBSERVATION_ITEMS[0]!.key, key: 'scoreOne' });
  }
  const note = checkNote(problems, posted('note'));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { staffId, onDate: onDate!, scores, note } };
}

function checkRecordDate(
  problems: FieldProblem[],
  text: string,
  context: { calendar: CalendarData; today: IsoDate },
  options: { workingDay: boolean },
  field = 'onDate',
): IsoDate | undefined {
  const date = parseDateText(text);
  if (date === undefined) {
    problems.push({ field, key: 'date' });
    return undefined;
  }
  if (date > context.today) problems.push({ field, key: 'future' });
  else if (date < addCalendarDays(context.today, -RECORD_LOOKBACK_DAYS))
    problems.push({ field, key: 'tooOld', values: { count: RECORD_LOOKBACK_DAYS } });
  else if (options.workingDay && !isWorkingDay(context.calendar, date)) problems.push({ field, key: 'notWorkingDay' });
  return date;
}

export type InterviewInput = { kind: InterviewKind; heldOn: IsoDate; participantIds: number[]; topics: string; agreedActions: string };

/** Q-1c: what was talked about and what was agreed, with whom (staff of the manager's unit), and when. */
export function checkInterview(
  posted: { text: Posted; texts: (name: string) => string[] },
  context: { colleagues: ReadonlySet<number>; calendar: CalendarData; today: IsoDate },
): { ok: true; value: InterviewInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const kind = posted.text('kind') as InterviewKind;
  if (!INTERVIEW_KINDS.includes(kind)) problems.push({ field: 'kind', key: 'chooseOne' });
  const heldOn = checkRecordDate(problems, posted.text('heldOn'), context, { workingDay: false }, 'heldOn');
  const participantIds = [...new Set(posted.texts('participants').map(Number))];
  if (participantIds.length === 0) problems.push({ field: 'participants', key: 'chooseParticipant' });
  else if (participantIds.some((id) => !context.colleagues.has(id))) problems.push({ field: 'participants', key: 'chooseParticipant' });
  else if (kind === 'group_discussion' && participantIds.length < 2) problems.push({ field: 'participants', key: 'groupNeedsTwo' });
  const topics = posted.text('topics').trim();
  if (topics === '') problems.push({ field: 'topics', key: 'required' });
  else checkNote(problems, topics, 'topics', INTERVIEW_TEXT_MAX);
  const agreedActions = posted.text('agreedActions').trim();
  if (agreedActions === '') problems.push({ field: 'agreedActions', key: 'required' });
  else checkNote(problems, agreedActions, 'agreedActions', INTERVIEW_TEXT_MAX);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { kind, heldOn: heldOn!, participantIds, topics, agreedActions } };
}

/** The latest working day on or before `date`: the date an observation form offers first. */
export function latestWorkingDay(calendar: CalendarData, date: IsoDate): IsoDate {
  let d = date;
  for (let i = 0; i < 30 && !isWorkingDay(calendar, d); i++) d = addCalendarDays(d, -1);
  return d;
}
