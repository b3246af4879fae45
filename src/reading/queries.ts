import { and, asc, desc, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { readingBookings, readingClosures, readingOffers, readingPlaces, readingRoomSettings } from './schema.ts';
import { DEFAULT_READING_SETTINGS, freeSlots, generateSlots, type FreeSlot, type ReadingSettings, type Slot } from './rules.ts';

// The reading room's reads that every side shares (S-13): its settings,
// seats and closures, the free times, and a case's invitation and bookings.
// What the client's page shows is in client-view.ts, what officials' pages
// show in staff-view.ts, the administrator's changes in room-settings.ts,
// and the bookings themselves (made, moved, cancelled, attended) in
// bookings.ts.

/** Anything that can read: the database or an open transaction. */
type Reader = Pick<Database, 'select'>;

export async function getReadingSettings(db: Reader): Promise<ReadingSettings> {
  const [row] = await db.select().from(readingRoomSettings).where(eq(readingRoomSettings.id, 1));
  return row
    ? { slotMinutes: row.slotMinutes, clientCutoffHours: row.clientCutoffHours, daysAhead: row.daysAhead }
    : DEFAULT_READING_SETTINGS;
}

export async function listPlaces(db: Reader, options: { activeOnly?: boolean } = {}) {
  return db
    .select()
    .from(readingPlaces)
    .where(options.activeOnly ? eq(readingPlaces.active, true) : undefined)
    .orderBy(asc(readingPlaces.id));
}

/** Closures that touch [from, to], or all when no range is given (newest first). */
export async function listClosures(db: Reader, range?: { from: IsoDate; to: IsoDate }) {
  return db
    .select()
    .from(readingClosures)
    .where(range ? and(sql`${readingClosures.fromDate} <= ${range.to}`, sql`${readingClosures.toDate} >= ${range.from}`) : undefined)
    .orderBy(desc(readingClosures.fromDate), desc(readingClosures.id));
}

/**
 * The reading room's slots from `from` to `to` that start no earlier than
 * `notBefore`, and of them those with a free seat. `exceptBookingId` counts
 * one booking as not there (the one being moved).
 */
export async function slotPlan(
  db: Database,
  q: { from: IsoDate; to: IsoDate; notBefore: Date; exceptBookingId?: number | undefined },
): Promise<{ slots: Slot[]; free: FreeSlot[] }> {
  const [{ calendar, hours }, settings, places, closures] = await Promise.all([
    loadCalendar(db),
    getReadingSettings(db),
    listPlaces(db, { activeOnly: true }),
    listClosures(db, { from: q.from, to: q.to }),
  ]);
  const slots = generateSlots({ calendar, hours, from: q.from, to: q.to, slotMinutes: settings.slotMinutes, closures }).filter(
    (s) => s.start >= q.notBefore,
  );
  if (slots.length === 0 || places.length === 0) return { slots, free: [] };
  const occupied = await db
    .select({ placeId: readingBookings.placeId, start: readingBookings.startsAt, end: readingBookings.endsAt })
    .from(readingBookings)
    .where(
      and(
        eq(readingBookings.status, 'active'),
        lt(readingBookings.startsAt, slots[slots.length - 1]!.end),
        gt(readingBookings.endsAt, slots[0]!.start),
        q.exceptBookingId ? ne(readingBookings.id, q.exceptBookingId) : undefined,
      ),
    );
  return {
    slots,
    free: freeSlots(
      slots,
      places.map((p) => p.id),
      occupied,
    ),
  };
}

export async function openSlots(
  db: Database,
  q: { from: IsoDate; to: IsoDate; notBefore: Date; exceptBookingId?: number | undefined },
): Promise<FreeSlot[]> {
  return (await slotPlan(db, q)).free;
}

export type Offer = typeof readingOffers.$inferSelect;
export type Booking = typeof readingBookings.$inferSelect;

export async function latestOffer(db: Reader, caseId: number): Promise<Offer | undefined> {
  const [row] = await db.select().from(readingOffers).where(eq(readingOffers.caseId, caseId)).orderBy(desc(readingOffers.id)).limit(1);
  return row;
}

export async function activeBooking(db: Reader, caseId: number): Promise<(Booking & { placeName: string }) | undefined> {
  const [row] = await db
    .select({ b: readingBookings, placeName: readingPlaces.name })
    .from(readingBookings)
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .where(and(eq(readingBookings.caseId, caseId), eq(readingBookings.status, 'active')));
  return row ? { ...row.b, placeName: row.placeName } : undefined;
}

/** The case's most recent booking of any status (a cancelled or attended one says so to the client). */
export async function lastBooking(db: Reader, caseId: number): Promise<(Booking & { placeName: string }) | undefined> {
  const [row] = await db
    .select({ b: readingBookings, placeName: readingPlaces.name })
    .from(readingBookings)
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .where(eq(readingBookings.caseId, caseId))
    .orderBy(desc(readingBookings.id))
    .limit(1);
  return row ? { ...row.b, placeName: row.placeName } : undefined;
}

/**
 * A case's reading appointment as its pages show it: the official's case
 * page and the client's status page.
 */
export async function readingForCase(db: Reader, caseId: number) {
  const [offer, booking, last] = await Promise.all([latestOffer(db, caseId), activeBooking(db, caseId), lastBooking(db, caseId)]);
  return { offer: offer ?? null, booking: booking ?? null, last: last ?? null };
}

/** Today and the last day bookable, in Riga. */
export function bookableRange(settings: ReadingSettings, now: Date = new Date()): { from: IsoDate; to: IsoDate } {
  const from = todayInRiga(now);
  return { from, to: addCalendarDays(from, settings.daysAhead) };
}
