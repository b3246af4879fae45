import { and, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { rigaLocalToInstant, todayInRiga } from '#src/calendar/riga-time.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { getInstitution, loadCalendar } from '#src/settings/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { cases } from '#src/cases/schema.ts';
import { readingBookings, readingOffers, readingPlaces } from './schema.ts';
import { reminderDue } from './rules.ts';
import { changeMails } from './messages.ts';

// S-13: both sides get a reminder a working day before the reading, at most
// once per booking (per agreed time: moving a booking earns it a new one).
// The booking row is claimed first (reminder_sent_at set only where it is
// still null), in the same transaction as the letters, so two instances of
// the portal running this at once never both send it.

/** How far ahead to look: a working day before can be more than a week away at Christmas. */
const LOOK_AHEAD_DAYS = 14;

export async function sendReadingReminders(db: Database, options: { baseUrl: string; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const horizon = rigaLocalToInstant(addCalendarDays(todayInRiga(now), LOOK_AHEAD_DAYS), '00:00');
  const candidates = await db
    .select({ id: readingBookings.id })
    .from(readingBookings)
    .where(
      and(
        eq(readingBookings.status, 'active'),
        isNull(readingBookings.reminderSentAt),
        gt(readingBookings.startsAt, now),
        lt(readingBookings.startsAt, horizon),
      ),
    );
  if (candidates.length === 0) return 0;
  const [{ calendar }, institution] = await Promise.all([loadCalendar(db), getInstitution(db)]);
  let sent = 0;
  for (const { id } of candidates) {
    const claimed = await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ b: readingBookings, c: cases, placeName: readingPlaces.name })
        .from(readingBookings)
        .innerJoin(cases, eq(cases.id, readingBookings.caseId))
        .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
        .where(eq(readingBookings.id, id));
      if (!row || !reminderDue(calendar, row.b.startsAt, now)) return false;
      const [won] = await tx
        .update(readingBookings)
        .set({ reminderSentAt: now })
        .where(and(eq(readingBookings.id, id), isNull(readingBookings.reminderSentAt), eq(readingBookings.status, 'active')))
        .returning({ id: readingBookings.id });
      if (!won) return false;
      const inviter = row.b.offerId
        ? (await tx.select({ createdBy: readingOffers.createdBy }).from(readingOffers).where(eq(readingOffers.id, row.b.offerId)))[0]
            ?.createdBy
        : undefined;
      const ids = [row.c.assigneeId, inviter].filter((x): x is number => typeof x === 'number');
      const officials = ids.length
        ? await tx
            .select({ email: staffMembers.email, fullName: staffMembers.fullName })
            .from(staffMembers)
            .where(and(inArray(staffMembers.id, ids), eq(staffMembers.active, true)))
        : [];
      const mails = changeMails({
        change: 'reminder',
        booking: {
          bookingId: row.b.id,
          version: row.b.version,
          start: row.b.startsAt,
          end: row.b.endsAt,
          placeName: row.placeName,
          reference: row.c.reference,
          caseId: row.c.id,
        },
        by: 'client',
        recipients: { client: { email: row.c.contactEmail, name: row.c.contactName, locale: row.c.locale }, officials },
        institution: institution!,
        baseUrl: options.baseUrl,
        domain: new URL(options.baseUrl).hostname,
      });
      for (const mail of mails) await enqueueMail(tx, mail);
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}
