// What the quality reports share (standard.md, annex 1, Q-5b
// and the schedule). Each report in this folder is one file holding its
// query and its view. The query lets the database do the counting (GROUP BY,
// grouping sets, the monthly survey summary) and arithmetic.ts turn the
// counts into means, shares and medians; nothing loads the rows themselves
// into JavaScript. The view reads the filters from the address and builds
// the tables and charts in the page's language; a report page and its CSV
// endpoint call the same view, so they cannot disagree. This file holds what
// they all need: whom a report covers, what its address may ask for, and
// the names its rows and filters show.
import { asc, desc } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { Translate } from '#src/i18n/index.ts';
import type { StaffUser } from '#src/staff/sessions.ts';
import { topics, units } from '#src/settings/schema.ts';
import { recordId } from '#src/platform/ids.ts';
import { monthOfDate, parseMonth, parseQuarter, quarterOfDate, type Month, type Quarter } from '#src/calendar/periods.ts';
import { surveys } from '#src/quality/schema.ts';
import type { Viewer } from '#src/quality/records/queries.ts';
import { localName } from '#src/i18n/local-name.ts';

/** Which units a report covers: a manager their own unit, the director all (or one they pick). */
export type ReportScope = { kind: 'all' } | { kind: 'unit'; unitId: number };

export function reportScope(viewer: Viewer, requestedUnitId: number | null): ReportScope {
  if (viewer.role === 'director') return requestedUnitId ? { kind: 'unit', unitId: requestedUnitId } : { kind: 'all' };
  // A manager without a unit sees no unit's figures (-1 matches nothing).
  return { kind: 'unit', unitId: viewer.unitId ?? -1 };
}

/** Rows are read through their numbers: postgres.js and PGlite may return bigints and numerics as strings. */
export const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

// ---------------------------------------------------------------------------
// What a report's address may ask for. Anything else falls back to the
// default (this year, quarter or month; the first page; the viewer's scope).

/** What a view is given: the request's viewer and address, and the page's language. */
export type ViewContext = {
  db: Database;
  user: StaffUser;
  params: URLSearchParams;
  t: Translate;
  locale: string;
  today?: string;
  now?: Date;
};

/** A record id from the address (`unit`, `topic`, `survey`), or null. */
export function positiveInt(params: URLSearchParams, name: string): number | null {
  return recordId(params.get(name)) ?? null;
}

/** A year the reports can be asked for: 2000 to next year; otherwise this year. */
export function yearFrom(params: URLSearchParams, today: string): number {
  const thisYear = Number(today.slice(0, 4));
  const y = Number(params.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= thisYear + 1 ? y : thisYear;
}

/** the quarter asked for ('2026-Q3'), or the one today falls in. */
export function quarterFrom(params: URLSearchParams, today: string): Quarter {
  return parseQuarter(params.get('quarter')) ?? quarterOfDate(today);
}

/** Q-5b and the schedule: the month asked for ('2026-10'), or this one. */
export function monthFrom(params: URLSearchParams, today: string): Month {
  return parseMonth(params.get('month')) ?? monthOfDate(today);
}

/** The page of a long list (comments, remedies): 1 to 10 000. */
export function pageFrom(params: URLSearchParams): number {
  return Math.min(10_000, Math.max(1, Math.floor(Number(params.get('page'))) || 1));
}

/** The unit the director narrowed the report to (managers always see their own). */
export function unitFilter(ctx: ViewContext): number | null {
  return ctx.user.role === 'director' ? positiveInt(ctx.params, 'unit') : null;
}

// ---------------------------------------------------------------------------
// The names a report's rows and filters show.

/** Names for the ids a report shows (units, topics, staff): small reference lists. */
export async function reportNames(db: Database) {
  const [unitRows, topicRows] = await Promise.all([
    db.select({ id: units.id, nameLv: units.nameLv, nameEn: units.nameEn }).from(units).orderBy(asc(units.id)),
    db
      .select({ id: topics.id, nameLv: topics.nameLv, nameEn: topics.nameEn, unitId: topics.unitId })
      .from(topics)
      .orderBy(asc(topics.sortOrder), asc(topics.id)),
  ]);
  return { units: unitRows, topics: topicRows };
}

/** The surveys a report can be narrowed to. */
export async function reportSurveys(db: Database) {
  return db
    .select({ id: surveys.id, titleLv: surveys.titleLv, titleEn: surveys.titleEn, period: surveys.period, year: surveys.year })
    .from(surveys)
    .orderBy(desc(surveys.opensOn), asc(surveys.id));
}

type Named = { nameLv: string; nameEn: string };
const nameIn = (locale: string, x: Named | undefined, fallback: string) => (x ? localName(x, locale) : fallback);

/**
 * Units and topics in the page's language: by id for a row (the id itself
 * when the name is gone; what an empty id means is the report's to say),
 * and as the choices of a filter.
 */
export function namesIn(names: Awaited<ReturnType<typeof reportNames>>, locale: string) {
  return {
    unit: (id: number | null) =>
      nameIn(
        locale,
        names.units.find((u) => u.id === id),
        String(id),
      ),
    topic: (id: number | null) =>
      nameIn(
        locale,
        names.topics.find((x) => x.id === id),
        String(id),
      ),
    unitChoices: names.units.map((u) => ({ id: u.id, name: nameIn(locale, u, '') })),
    topicChoices: names.topics.map((x) => ({ id: x.id, name: nameIn(locale, x, '') })),
  };
}

/** The surveys as the choices of a filter, titled in the page's language. */
export function surveyChoices(list: Awaited<ReturnType<typeof reportSurveys>>, locale: string) {
  return list.map((s) => ({ id: s.id, title: localName(s, locale, 'title') }));
}
