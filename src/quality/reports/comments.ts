// Q-3: the free-text comments of a year, newest first, filtered by words,
// unit, topic or survey: a page at a time on the page, all in the CSV.
import { and, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { topics, units } from '#src/settings/schema.ts';
import { rigaDateOf, todayInRiga } from '#src/calendar/riga-time.ts';
import { yearRange, type PeriodRange } from '#src/calendar/periods.ts';
import { commentMonthly, surveyResponses, surveys } from '#src/quality/schema.ts';
import { day, text, type ReportTable } from './tables.ts';
import {
  namesIn,
  num,
  pageFrom,
  positiveInt,
  reportNames,
  reportScope,
  reportSurveys,
  surveyChoices,
  yearFrom,
  type ReportScope,
  type ViewContext,
} from './scope.ts';
import { localName } from '#src/i18n/local-name.ts';

export const COMMENTS_PAGE = 25;
/**
 * How far comments found by words are counted (issue 18): a count stops
 * there, so a common word does not read every comment of the year (266 ms
 * at 10 million answers, 8 ms at 1 million). Beyond it the page says "more
 * than" and asks for narrower words or filters; the pages go that far.
 */
export const WORD_MATCHES_COUNTED = 1000;

export type CommentFilters = { q: string; unitId: number | null; topicId: number | null; surveyId: number | null; page: number };

/** Q-3: the free-text comments of a year, newest first, filtered by words, unit, topic or survey; a page at a time. */
export async function satisfactionComments(db: Database, scope: ReportScope, year: number, filters: CommentFilters, limit = COMMENTS_PAGE) {
  const r = surveyResponses;
  const period = yearRange(year);
  const where: Array<SQL | undefined> = [isNotNull(r.comment), gte(r.submittedAt, period.start), lt(r.submittedAt, period.end)];
  if (scope.kind === 'unit') where.push(or(isNull(r.unitId), eq(r.unitId, scope.unitId)));
  if (filters.unitId) where.push(eq(r.unitId, filters.unitId));
  if (filters.topicId) where.push(eq(r.topicId, filters.topicId));
  if (filters.surveyId) where.push(eq(r.surveyId, filters.surveyId));
  // The words are matched literally: % and _ in them mean themselves.
  if (filters.q) where.push(ilike(r.comment, `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const condition = and(...where);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: r.id,
        submittedAt: r.submittedAt,
        comment: r.comment,
        surveyLv: surveys.titleLv,
        surveyEn: surveys.titleEn,
        unitLv: units.nameLv,
        unitEn: units.nameEn,
        topicLv: topics.nameLv,
        topicEn: topics.nameEn,
      })
      .from(r)
      .innerJoin(surveys, eq(surveys.id, r.surveyId))
      .leftJoin(units, eq(units.id, r.unitId))
      .leftJoin(topics, eq(topics.id, r.topicId))
      .where(condition)
      .orderBy(desc(r.submittedAt), desc(r.id))
      .limit(limit)
      .offset((filters.page - 1) * limit),
    filters.q ? countWordMatches(db, condition, period) : countFromRollup(db, scope, year, filters),
  ]);
  const total = num(count?.n);
  const more = Boolean(filters.q) && total > WORD_MATCHES_COUNTED;
  return { rows: rows.map((x) => ({ ...x, comment: x.comment ?? '' })), total: more ? WORD_MATCHES_COUNTED : total, more };
}

/**
 * The count with words, up to WORD_MATCHES_COUNTED + 1: a month of the year
 * at a time, newest first, stopping in the month where the count passes
 * the limit (the outer LIMIT stops the walk). In one statement over the
 * whole year PostgreSQL first gathered every comment of the year from the
 * index (a bitmap) and only then read rows until it had enough: that first
 * step grew with the year's comments, 4.8 ms at 1 million answers and 12.4
 * ms at 10 million (issue 18, bench:reports). A month holds about as many
 * comments as the count needs in a large year, and the walk goes on to older
 * months in a small one, so a common word reads about as many comments
 * either way. Twelve months back from the year's end are the year; a
 * thirteenth, clamped to its start, would catch what they left.
 */
async function countWordMatches(db: Database, condition: SQL | undefined, period: PeriodRange) {
  const r = surveyResponses;
  const cap = WORD_MATCHES_COUNTED + 1;
  const end = period.end.toISOString();
  const rows = await db.execute(sql`select count(*)::int as n from (
      select 1 from generate_series(0, 12) as back(months)
      cross join lateral (
        select 1 from ${r}
        where ${condition}
          and ${r.submittedAt} >= greatest(${period.start.toISOString()}::timestamptz, ${end}::timestamptz - (back.months + 1) * interval '1 month')
          and ${r.submittedAt} < ${end}::timestamptz - back.months * interval '1 month'
        limit ${cap}
      ) found
      limit ${cap}
    ) counted`);
  return rowsOf<{ n: number }>(rows);
}

/**
 * The count without words, from quality_comment_monthly, which triggers on
 * survey_responses keep (docs/0032): a year's rows, not its comments. The
 * same filters on the same columns; a Riga year is twelve Riga months.
 */
function countFromRollup(db: Database, scope: ReportScope, year: number, filters: CommentFilters) {
  const m = commentMonthly;
  const period = yearRange(year);
  return db
    .select({ n: sql<number>`coalesce(sum(${m.comments}), 0)::int` })
    .from(m)
    .where(
      and(
        gte(m.month, period.from),
        lt(m.month, period.until),
        scope.kind === 'unit' ? or(isNull(m.unitId), eq(m.unitId, scope.unitId)) : undefined,
        filters.unitId ? eq(m.unitId, filters.unitId) : undefined,
        filters.topicId ? eq(m.topicId, filters.topicId) : undefined,
        filters.surveyId ? eq(m.surveyId, filters.surveyId) : undefined,
      ),
    );
}

// ---------------------------------------------------------------------------
// The view: what the page and its CSV show, in the page's language.

export async function commentsView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const year = yearFrom(ctx.params, today);
  const q = (ctx.params.get('q') ?? '').trim().slice(0, 200);
  // A CSV (all=1) carries every matching comment, up to ten thousand; the page a page of them.
  const all = ctx.params.get('all') === '1';
  const filters = {
    q,
    unitId: positiveInt(ctx.params, 'unit'),
    topicId: positiveInt(ctx.params, 'topic'),
    surveyId: positiveInt(ctx.params, 'survey'),
    page: all ? 1 : pageFrom(ctx.params),
  };
  const [found, names, surveyList] = await Promise.all([
    satisfactionComments(ctx.db, reportScope(ctx.user, null), year, filters, all ? 10_000 : COMMENTS_PAGE),
    reportNames(ctx.db),
    reportSurveys(ctx.db),
  ]);
  const named = namesIn(names, locale);
  const table: ReportTable = {
    id: 'comments',
    caption: t('quality:comments.caption', { year }),
    head: [t('quality:comments.date'), t('quality:comments.survey'), t('quality:unit'), t('quality:topic'), t('quality:comments.comment')],
    rows: found.rows.map((r) => [
      day(rigaDateOf(r.submittedAt)),
      text(localName(r, locale, 'survey')),
      text(r.unitLv ? localName(r, locale, 'unit') : t('quality:wholeInstitution')),
      text(r.topicLv ? localName(r, locale, 'topic') : t('quality:noTopicLink')),
      text(r.comment),
    ]),
  };
  return {
    title: t('quality:comments.title'),
    year,
    filters,
    total: found.total,
    /** More matched the words than were counted: total is WORD_MATCHES_COUNTED. */
    more: found.more,
    pages: Math.max(1, Math.ceil(found.total / COMMENTS_PAGE)),
    table,
    units: named.unitChoices,
    topics: named.topicChoices,
    surveys: surveyChoices(surveyList, locale),
  };
}
