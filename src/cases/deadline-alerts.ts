import { aliasedTable, and, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { addWorkingDays, isWorkingDay } from '#src/calendar/working-days.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { formatDate, translator } from '#src/i18n/index.ts';
import { localName } from '#src/i18n/local-name.ts';
import { composeMail } from '#src/mail/compose.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { deadlineAlerts, cases } from './schema.ts';
import { OPEN_STATUSES } from './rules.ts';
import { heldByNobody, unassignedCaseRecipients } from './routing-queries.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';

// S-4.6: cases due within two working days, and overdue ones, are brought
// to the official and their manager by e-mail, at most once per case per
// day: the unique (case, day) row is claimed first, so two instances (or
// two runs) cannot both send it.
// S-4.8, S-10 (review M4): a case that nobody holds (none was found for it,
// or its official has left) is brought every working day, due or not, to
// its unit's managers, else to the directors, until someone takes it.

type Alert = { id: number; reference: string; dueOn: string | null; to: string[]; unassigned: boolean; unitLv: string; unitEn: string };

export async function sendDeadlineAlerts(db: Database, options: { baseUrl: string; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const today = rigaDateOf(now);
  const { calendar } = await loadCalendar(db);
  if (!isWorkingDay(calendar, today)) return 0;
  const horizon = addWorkingDays(calendar, today, 2);
  const manager = aliasedTable(staffMembers, 'manager');
  const open = inArray(cases.status, [...OPEN_STATUSES]);
  // Typed by hand: Drizzle's inference gives up on the aliased self-join.
  type Held = Omit<Alert, 'to' | 'unassigned'> & { officialEmail: string; managerEmail: string | null };
  const held: Held[] = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      dueOn: cases.dueOn,
      officialEmail: staffMembers.email,
      managerEmail: manager.email,
      unitLv: units.nameLv,
      unitEn: units.nameEn,
    })
    .from(cases)
    .innerJoin(staffMembers, and(eq(staffMembers.id, cases.assigneeId), eq(staffMembers.active, true)))
    .innerJoin(units, eq(units.id, cases.unitId))
    .leftJoin(manager, and(eq(manager.id, staffMembers.managerId), eq(manager.active, true)))
    .where(and(open, isNotNull(cases.dueOn), lte(cases.dueOn, horizon)));
  const nobodys = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      dueOn: cases.dueOn,
      unitId: cases.unitId,
      unitLv: units.nameLv,
      unitEn: units.nameEn,
    })
    .from(cases)
    .innerJoin(units, eq(units.id, cases.unitId))
    .where(and(open, heldByNobody));
  const recipients = new Map<number, Promise<string[]>>();
  const alerts: Alert[] = [
    ...held.map((c) => ({ ...c, to: [c.officialEmail, c.managerEmail].filter((x): x is string => !!x), unassigned: false })),
    ...(await Promise.all(
      nobodys.map(async (c) => {
        if (!recipients.has(c.unitId)) recipients.set(c.unitId, unassignedCaseRecipients(db, c.unitId));
        return { ...c, to: await recipients.get(c.unitId)!, unassigned: true };
      }),
    )),
  ];
  const t = translator('lv');
  let sent = 0;
  for (const c of alerts) {
    const due = c.dueOn !== null && c.dueOn <= horizon ? (c.dueOn < today ? 'overdue' : 'due_soon') : null;
    const kind = due ?? 'unassigned';
    if (c.to.length === 0) continue;
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(deadlineAlerts)
        .values({ caseId: c.id, onDate: today, kind })
        .onConflictDoNothing()
        .returning({ caseId: deadlineAlerts.caseId });
      if (claimed.length === 0) return;
      const mail = composeMail(
        {
          subject: t(due ? 'cases:mail.alertSubject' : 'cases:mail.unassignedSubject', { reference: c.reference }),
          greeting: t('mail:greeting'),
          paragraphs: [
            ...(due
              ? [
                  t(due === 'overdue' ? 'cases:mail.overdue' : 'cases:mail.dueSoon', {
                    reference: c.reference,
                    date: formatDate('lv', c.dueOn!),
                  }),
                ]
              : []),
            ...(c.unassigned ? [t('cases:mail.unassigned', { reference: c.reference, unit: localName(c, 'lv', 'unit') })] : []),
          ],
          links: [{ label: t('cases:mail.open'), url: absoluteUrl(options.baseUrl, staffPaths.case('lv', c.id)) }],
          signature: t('staff:mail.signature'),
        },
        'lv',
      );
      for (const to of new Set(c.to)) {
        await enqueueMail(tx, { kind: due ? `case.deadline_${due}` : 'case.unassigned', to, locale: 'lv', ...mail });
      }
      sent++;
    });
  }
  return sent;
}
