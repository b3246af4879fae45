import { aliasedTable, and, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { addWorkingDays, isWorkingDay } from '#src/calendar/working-days.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { formatDate, translator } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { deadlineAlerts, cases } from './schema.ts';
import { OPEN_STATUSES } from './rules.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';
import { sendForwardingAlerts } from './referral-alerts.ts';

// S-4.6: cases due within two working days, and overdue ones, are brought
// to the official and their manager by e-mail, at most once per case per
// day: the unique (case, day) row is claimed first, so two instances (or
// two runs) cannot both send it.

export async function sendDeadlineAlerts(db: Database, options: { baseUrl: string; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const today = rigaDateOf(now);
  const { calendar } = await loadCalendar(db);
  if (!isWorkingDay(calendar, today)) return 0;
  const horizon = addWorkingDays(calendar, today, 2);
  const manager = aliasedTable(staffMembers, 'manager');
  type Due = {
    id: number;
    reference: string;
    dueOn: string | null;
    officialEmail: string;
    officialName: string;
    managerEmail: string | null;
  };
  const due: Due[] = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      dueOn: cases.dueOn,
      officialEmail: staffMembers.email,
      officialName: staffMembers.fullName,
      managerEmail: manager.email,
    })
    .from(cases)
    .innerJoin(staffMembers, eq(staffMembers.id, cases.assigneeId))
    .leftJoin(manager, and(eq(manager.id, staffMembers.managerId), eq(manager.active, true)))
    .where(and(inArray(cases.status, [...OPEN_STATUSES]), isNotNull(cases.dueOn), lte(cases.dueOn, horizon)));
  const t = translator('lv');
  let sent = 0;
  for (const c of due) {
    const kind = c.dueOn! < today ? 'overdue' : 'due_soon';
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(deadlineAlerts)
        .values({ caseId: c.id, onDate: today, kind })
        .onConflictDoNothing()
        .returning({ caseId: deadlineAlerts.caseId });
      if (claimed.length === 0) return;
      const mail = composeMail(
        {
          subject: t('cases:mail.alertSubject', { reference: c.reference }),
          greeting: t('mail:greeting'),
          paragraphs: [
            t(kind === 'overdue' ? 'cases:mail.overdue' : 'cases:mail.dueSoon', {
              reference: c.reference,
              date: formatDate('lv', c.dueOn!),
            }),
          ],
          links: [{ label: t('cases:mail.open'), url: absoluteUrl(options.baseUrl, staffPaths.case('lv', c.id)) }],
          signature: t('staff:mail.signature'),
        },
        'lv',
      );
      for (const to of new Set([c.officialEmail, c.managerEmail].filter((x): x is string => !!x))) {
        await enqueueMail(tx, { kind: `case.deadline_${kind}`, to, locale: 'lv', ...mail });
      }
      sent++;
    });
  }
  // S-14.1: triage cases whose forward-by day is today or past (src/cases/referral-alerts.ts).
  sent += await sendForwardingAlerts(db, { baseUrl: options.baseUrl, today, calendar });
  return sent;
}
