import { aliasedTable, and, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { CalendarData } from '#src/calendar/working-days.ts';
import { formatDate, translator } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { listDeadlineRules } from '#src/settings/queries.ts';
import { units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';
import { deadlineAlerts, cases } from './schema.ts';
import { OPEN_STATUSES } from './rules.ts';
import { forwardingFor } from './referral-rules.ts';

// S-14.1, latvia.md: a submission outside our competence is forwarded within
// the referral rule's working days of receipt. The triage unit's open cases
// (those nobody has yet placed, "I don't know" among them) whose forward-by
// day is today or has passed are brought to the official and their manager,
// or to the unit's address when nobody holds the case, by the daily
// reminders (src/cases/deadline-alerts.ts). Same once-a-day claim as the
// deadline reminders: a case already reminded today of its deadline is not
// reminded twice.

export async function sendForwardingAlerts(
  db: Database,
  options: { baseUrl: string; today: string; calendar: CalendarData },
): Promise<number> {
  const { today, calendar } = options;
  const rules = await listDeadlineRules(db);
  const official = aliasedTable(staffMembers, 'official');
  const manager = aliasedTable(staffMembers, 'manager');
  const open = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      receivedOn: cases.receivedOn,
      officialEmail: official.email,
      officialActive: official.active,
      managerEmail: manager.email,
      unitEmail: units.email,
    })
    .from(cases)
    .innerJoin(units, and(eq(units.id, cases.unitId), eq(units.isTriage, true)))
    .leftJoin(official, eq(official.id, cases.assigneeId))
    .leftJoin(manager, and(eq(manager.id, official.managerId), eq(manager.active, true)))
    .where(and(inArray(cases.status, [...OPEN_STATUSES]), lt(cases.receivedOn, today)));
  const t = translator('lv');
  let sent = 0;
  for (const c of open) {
    const forwarding = forwardingFor(calendar, rules, c, today);
    if (!forwarding || forwarding.forwardBy > today) continue;
    const to = new Set(
      [c.officialActive ? c.officialEmail : null, c.managerEmail, c.officialActive ? null : c.unitEmail].filter((x): x is string => !!x),
    );
    if (to.size === 0) continue;
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(deadlineAlerts)
        .values({ caseId: c.id, onDate: today, kind: forwarding.overdue ? 'overdue' : 'due_soon' })
        .onConflictDoNothing()
        .returning({ caseId: deadlineAlerts.caseId });
      if (claimed.length === 0) return;
      const mail = composeMail(
        {
          subject: t('cases:mail.forwardSubject', { reference: c.reference }),
          greeting: t('mail:greeting'),
          paragraphs: [
            t(forwarding.overdue ? 'cases:mail.forwardOverdue' : 'cases:mail.forwardToday', {
              reference: c.reference,
              date: formatDate('lv', forwarding.forwardBy),
            }),
          ],
          links: [{ label: t('cases:mail.open'), url: absoluteUrl(options.baseUrl, staffPaths.case('lv', c.id)) }],
          signature: t('staff:mail.signature'),
        },
        'lv',
      );
      for (const address of to) await enqueueMail(tx, { kind: 'case.forward_by', to: address, locale: 'lv', ...mail });
      sent++;
    });
  }
  return sent;
}
