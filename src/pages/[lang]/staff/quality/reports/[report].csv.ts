import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { currentSession, may } from '#src/staff/access.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { csvResponse, type ReportTable } from '#src/quality/reports/tables.ts';
import { commentsView } from '#src/quality/reports/comments.ts';
import { communicationView } from '#src/quality/reports/communication.ts';
import { complaintsView } from '#src/quality/reports/complaints.ts';
import { deadlinesView } from '#src/quality/reports/deadlines.ts';
import { satisfactionView } from '#src/quality/reports/satisfaction.ts';
import { scheduleView } from '#src/quality/reports/schedule.ts';
import type { ViewContext } from '#src/quality/reports/scope.ts';

// A report table as CSV: the same view the page renders, so the same
// numbers; for the same people (viewReports), always as a download.
const views: Record<string, (ctx: ViewContext) => Promise<{ tables: ReportTable[] } | { table: ReportTable }>> = {
  satisfaction: satisfactionView,
  comments: (ctx) => commentsView({ ...ctx, params: new URLSearchParams([...ctx.params, ['all', '1']]) }),
  communication: communicationView,
  complaints: (ctx) => {
    // The remedies come whole in a CSV, not a page of them.
    const params = new URLSearchParams(ctx.params);
    if (params.get('table') === 'remedies') params.set('all', '1');
    params.delete('page');
    return complaintsView({ ...ctx, params });
  },
  deadlines: deadlinesView,
  schedule: async (ctx) => scheduleView({ ...ctx, calendar: (await loadCalendar(ctx.db)).calendar }),
};

export const GET: APIRoute = async (context) => {
  const { locale, t } = context.locals;
  const session = await currentSession(context);
  if (!session || !session.secondFactorDone) return context.redirect(`/${locale}/staff/sign-in`, 303);
  if (!may(session.user, 'viewReports')) return context.rewrite(`/${locale}/403`);
  const report = context.params.report ?? '';
  const view = views[report];
  if (!view) return context.rewrite(`/${locale}/404`);
  const result = await view({ db: await database(), user: session.user, params: context.url.searchParams, t, locale });
  const tables = 'tables' in result ? result.tables : [result.table];
  const table = tables.find((x) => x.id === context.url.searchParams.get('table')) ?? tables[0]!;
  const period = ['year', 'quarter', 'month'].map((k) => context.url.searchParams.get(k)).find((v) => v && /^[0-9A-Q-]+$/.test(v)) ?? '';
  return csvResponse(locale, `${report}-${table.id}${period ? `-${period}` : ''}-${locale}.csv`, table);
};
