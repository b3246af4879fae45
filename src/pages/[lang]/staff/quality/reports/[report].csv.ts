import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { requireStaff } from '#src/staff/access.ts';
import { notFound } from '#src/platform/outcome.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { csvResponse, type ReportTable } from '#src/quality/reports/tables.ts';
import { commentsView } from '#src/quality/reports/comments.ts';
import { communicationView } from '#src/quality/reports/communication.ts';
import { complaintsView } from '#src/quality/reports/complaints.ts';
import { deadlinesView } from '#src/quality/reports/deadlines.ts';
import { satisfactionView } from '#src/quality/reports/satisfaction.ts';
import { scheduleView } from '#src/quality/reports/schedule.ts';
import { suggestionsView } from '#src/quality/reports/suggestions.ts';
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
  suggestions: suggestionsView,
  schedule: async (ctx) => scheduleView({ ...ctx, calendar: (await loadCalendar(ctx.db)).calendar }),
};

export const GET: APIRoute = async (context) => {
  const { locale, t } = context.locals;
  // Signed in or sent to sign in and back here (query and all): the middleware's staff gate.
  const { user } = requireStaff(context, 'viewReports');
  const report = context.params.report ?? '';
  const view = Object.hasOwn(views, report) ? views[report] : undefined;
  if (!view) throw notFound(report);
  const result = await view({ db: await database(), user, params: context.url.searchParams, t, locale });
  const tables = 'tables' in result ? result.tables : [result.table];
  const table = tables.find((x) => x.id === context.url.searchParams.get('table')) ?? tables[0]!;
  const period = ['year', 'quarter', 'month'].map((k) => context.url.searchParams.get(k)).find((v) => v && /^[0-9A-Q-]+$/.test(v)) ?? '';
  return csvResponse(locale, `${report}-${table.id}${period ? `-${period}` : ''}-${locale}.csv`, table);
};
