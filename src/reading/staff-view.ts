import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { rigaLocalToInstant } from '#src/calendar/riga-time.ts';
import { cases } from '#src/cases/schema.ts';
import { maySeeCase, type Actor } from '#src/cases/rules.ts';
import { readingBookings, readingPlaces, type BookingStatus } from './schema.ts';
import { offeredSlots, type FreeSlot } from './rules.ts';
import { activeBooking, latestOffer, openSlots } from './queries.ts';

// What officials see of the reading room (S-13): the times they may book
// for a client, the room's bookings day by day, one booking, and how many
// bookings a closure leaves to move.

type Reader = Pick<Database, 'select'>;

/** The instant a Riga day starts. */
const dayStart = (date: IsoDate) => rigaLocalToInstant(date, '00:00');

/**
 * The offered times an official may book on the client's behalf (a time
 * agreed by phone, S-13 "a mutually acceptable time"): those of the open
 * invitation that are still free, from now on. The client's cut-off is for
 * the client's own changes; an official books with the client on the line.
 * Empty when there is no open invitation or a time is already booked.
 */
export async function offeredTimesForStaff(db: Database, caseId: number, now: Date = new Date()): Promise<FreeSlot[]> {
  const [offer, booking] = await Promise.all([latestOffer(db, caseId), activeBooking(db, caseId)]);
  if (!offer || offer.expiresAt <= now || booking) return [];
  return offeredSlots(await openSlots(db, { from: offer.fromDate, to: offer.toDate, notBefore: now }), offer);
}

export type StaffBookingRow = {
  id: number;
  version: number;
  start: Date;
  end: Date;
  status: BookingStatus;
  placeName: string;
  caseId: number;
  reference: string;
  /** Null for an anonymous client, and for a client whose case this official may not see. */
  contactName: string | null;
  /** Whether this official may see the case, and so the client's name. */
  mayShowClient: boolean;
  unitId: number;
  assigneeId: number | null;
};

/**
 * Bookings (not cancelled) whose start falls on the Riga days from `from`
 * to `to`, in order. The room is shared, so everyone on duty sees every
 * time and reference (a client at the desk gives their reference), but a
 * client's name only where the official may see the case: the room's list
 * is no way round the unit boundary (security review m8; personal data,
 * latvia.md).
 */
export async function bookingsBetween(db: Reader, from: IsoDate, to: IsoDate, viewer: Actor): Promise<StaffBookingRow[]> {
  const rows = await db
    .select({
      id: readingBookings.id,
      version: readingBookings.version,
      start: readingBookings.startsAt,
      end: readingBookings.endsAt,
      status: readingBookings.status,
      placeName: readingPlaces.name,
      caseId: cases.id,
      reference: cases.reference,
      contactName: cases.contactName,
      unitId: cases.unitId,
      assigneeId: cases.assigneeId,
    })
    .from(readingBookings)
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .innerJoin(cases, eq(cases.id, readingBookings.caseId))
    .where(
      and(
        inArray(readingBookings.status, ['active', 'attended', 'no_show']),
        gte(readingBookings.startsAt, dayStart(from)),
        lt(readingBookings.startsAt, dayStart(addCalendarDays(to, 1))),
      ),
    )
    .orderBy(asc(readingBookings.startsAt), asc(readingPlaces.id));
  return rows.map((row) => {
    const mayShowClient = maySeeCase(viewer, row);
    return { ...row, mayShowClient, contactName: mayShowClient ? row.contactName : null };
  });
}

export async function bookingById(db: Reader, id: number) {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db
    .select({ b: readingBookings, placeName: readingPlaces.name, c: cases })
    .from(readingBookings)
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .innerJoin(cases, eq(cases.id, readingBookings.caseId))
    .where(eq(readingBookings.id, id));
  return row;
}

/** Active bookings on the days of a closure: an official has to move them. */
export async function bookingsDuringClosure(db: Reader, closure: { fromDate: IsoDate; toDate: IsoDate }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(readingBookings)
    .where(
      and(
        eq(readingBookings.status, 'active'),
        gte(readingBookings.startsAt, dayStart(closure.fromDate)),
        lt(readingBookings.startsAt, dayStart(addCalendarDays(closure.toDate, 1))),
      ),
    );
  return row?.n ?? 0;
}
