import { and, asc, desc, eq, gt, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { rigaLocalToInstant, todayInRiga } from '#src/calendar/riga-time.ts';
import { getInstitution, loadCalendar } from '#src/settings/queries.ts';
import { cases } from '#src/cases/schema.ts';
import { hashStatusToken, looksLikeStatusToken } from '#src/cases/status-link.ts';
import { readingBookings, readingClosures, readingOffers, readingPlaces, readingRoomSettings, type BookingStatus } from './schema.ts';
import {
  DEFAULT_READING_SETTINGS,
  clientEarliestStart,
  clientMayChange,
  freeSlots,
  generateSlots,
  offeredSlots,
  type FreeSlot,
  type ReadingSettings,
  type Slot,
} from './rules.ts';

// Reads and the administrator's writes for the reading room (S-13). The
// bookings themselves (made, moved, cancelled, attended) are in bookings.ts.

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

/** The instant a Riga day starts. */
const dayStart = (date: IsoDate) => rigaLocalToInstant(date, '00:00');

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
 * Which case a private reading link opens: the case's own status link, the
 * invitation's link, or a booking's manage link. Only hashes are stored, so
 * the database alone opens nothing (S-4.5).
 */
export async function readingAccess(
  db: Reader,
  token: string,
): Promise<{ caseId: number; via: 'status' | 'invitation' | 'booking' } | undefined> {
  if (!looksLikeStatusToken(token)) return undefined;
  const hash = hashStatusToken(token);
  const [byStatus] = await db.select({ id: cases.id }).from(cases).where(eq(cases.statusTokenHash, hash));
  if (byStatus) return { caseId: byStatus.id, via: 'status' };
  const [byOffer] = await db.select({ caseId: readingOffers.caseId }).from(readingOffers).where(eq(readingOffers.inviteTokenHash, hash));
  if (byOffer) return { caseId: byOffer.caseId, via: 'invitation' };
  const [byBooking] = await db
    .select({ caseId: readingBookings.caseId })
    .from(readingBookings)
    .where(eq(readingBookings.manageTokenHash, hash));
  if (byBooking) return { caseId: byBooking.caseId, via: 'booking' };
  return undefined;
}

export type ClientReading = {
  caseId: number;
  reference: string;
  offer: { fromDate: IsoDate; toDate: IsoDate; specificTimes: number; expiresAt: Date; open: boolean } | null;
  booking: { id: number; version: number; start: Date; end: Date; placeName: string } | null;
  /** The last booking when none is active: cancelled, attended or missed. */
  previous: { status: BookingStatus; start: Date; end: Date } | null;
  /** The client may still cancel or move (before the cut-off). */
  mayChange: boolean;
  cutoffHours: number;
  /** The times the client can pick now: to book, or to move to. */
  choices: FreeSlot[];
  address: string | null;
};

/**
 * What the client's reading page shows (S-13): the invitation, the
 * booking, and the times they may pick now. A booking can be made, moved
 * or cancelled by the client only until the cut-off before it; the times
 * offered are the official's (the window, or the specific times in it).
 */
export async function clientReading(db: Database, caseId: number, now: Date = new Date()): Promise<ClientReading | undefined> {
  const [c] = await db.select({ id: cases.id, reference: cases.reference }).from(cases).where(eq(cases.id, caseId));
  if (!c) return undefined;
  const [offer, booking, last, settings] = await Promise.all([
    latestOffer(db, caseId),
    activeBooking(db, caseId),
    lastBooking(db, caseId),
    getReadingSettings(db),
  ]);
  const institution = await getInstitution(db);
  const open = !!offer && offer.expiresAt > now;
  const mayChange = !!booking && clientMayChange(booking.startsAt, now, settings.clientCutoffHours);
  let choices: FreeSlot[] = [];
  if (offer && open && (!booking || mayChange)) {
    const free = await openSlots(db, {
      from: offer.fromDate,
      to: offer.toDate,
      notBefore: clientEarliestStart(now, settings.clientCutoffHours),
      exceptBookingId: booking?.id,
    });
    choices = offeredSlots(free, offer).filter((s) => !booking || s.start.getTime() !== booking.startsAt.getTime());
  }
  return {
    caseId: c.id,
    reference: c.reference,
    offer: offer
      ? { fromDate: offer.fromDate, toDate: offer.toDate, specificTimes: offer.times.length, expiresAt: offer.expiresAt, open }
      : null,
    booking: booking
      ? { id: booking.id, version: booking.version, start: booking.startsAt, end: booking.endsAt, placeName: booking.placeName }
      : null,
    previous: !booking && last ? { status: last.status, start: last.startsAt, end: last.endsAt } : null,
    mayChange,
    cutoffHours: settings.clientCutoffHours,
    choices,
    address: institution?.address ?? null,
  };
}

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

/** The reading appointment as the case page shows it to the official. */
export async function readingForCase(db: Reader, caseId: number) {
  const [offer, booking, last] = await Promise.all([latestOffer(db, caseId), activeBooking(db, caseId), lastBooking(db, caseId)]);
  return { offer: offer ?? null, booking: booking ?? null, last: last ?? null };
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
  contactName: string | null;
  unitId: number;
  assigneeId: number | null;
};

/** Bookings (not cancelled) whose start falls on the Riga days from `from` to `to`, in order. */
export async function bookingsBetween(db: Reader, from: IsoDate, to: IsoDate): Promise<StaffBookingRow[]> {
  return db
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

// ——— The administrator's settings, every change audited ———

export type AdminResult = { ok: true } | { ok: false; problems: FieldProblem[] };

const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^\d+$/, 'wholeNumber')
    .transform(Number)
    .pipe(z.number().min(min, 'outOfRange').max(max, 'outOfRange'));

const SettingsInput = z.object({
  slotMinutes: whole(15, 240),
  clientCutoffHours: whole(0, 336),
  daysAhead: whole(1, 365),
});

export async function updateReadingSettings(db: Database, actorId: number, raw: Record<string, string>): Promise<AdminResult> {
  const parsed = SettingsInput.safeParse(raw);
  if (!parsed.success) {
    // The range goes into the message, so the administrator knows what fits.
    const ranges: Record<string, { min: number; max: number }> = {
      slotMinutes: { min: 15, max: 240 },
      clientCutoffHours: { min: 0, max: 336 },
      daysAhead: { min: 1, max: 365 },
    };
    return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, values: { ...p.values, ...ranges[p.field] } })) };
  }
  await db.transaction(async (tx) => {
    const before = await getReadingSettings(tx);
    await tx
      .insert(readingRoomSettings)
      .values({ id: 1, ...parsed.data, updatedAt: new Date() })
      .onConflictDoUpdate({ target: readingRoomSettings.id, set: { ...parsed.data, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_settings.update',
      entity: 'reading_room_settings',
      entityId: 1,
      before,
      after: parsed.data,
    });
  });
  return { ok: true };
}

const PlaceName = z.string().trim().min(1, 'required').max(100, 'tooLong');

export async function addPlace(db: Database, actorId: number, name: string): Promise<AdminResult> {
  const parsed = PlaceName.safeParse(name);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: 'name' })) };
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(readingPlaces).values({ name: parsed.data }).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_place.create',
      entity: 'reading_place',
      entityId: row!.id,
      after: row!,
    });
  });
  return { ok: true };
}

/** Renames a seat or takes it out of use (never deleted: its bookings keep it). */
export async function updatePlace(
  db: Database,
  actorId: number,
  id: number,
  input: { name: string; active: boolean },
): Promise<AdminResult> {
  const parsed = PlaceName.safeParse(input.name);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: `place-${id}` })) };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(readingPlaces).where(eq(readingPlaces.id, id)).for('update');
    if (!before) return { ok: false, problems: [{ field: 'form', key: 'notFound' }] } as const;
    const [after] = await tx
      .update(readingPlaces)
      .set({ name: parsed.data, active: input.active })
      .where(eq(readingPlaces.id, id))
      .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_place.update',
      entity: 'reading_place',
      entityId: id,
      before,
      after: after!,
    });
    return { ok: true } as const;
  });
}

const ClosureInput = z
  .object({
    fromDate: z.iso.date('date'),
    toDate: z.iso.date('date'),
    reason: z.string().trim().min(1, 'required').max(500, 'tooLong'),
  })
  .refine((c) => c.fromDate <= c.toDate, { message: 'beforeFrom', path: ['toDate'] });

export async function addClosure(
  db: Database,
  actorId: number,
  raw: { fromDate: string; toDate: string; reason: string },
): Promise<AdminResult> {
  const parsed = ClosureInput.safeParse({ ...raw, fromDate: raw.fromDate.trim(), toDate: raw.toDate.trim() });
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(readingClosures)
      .values({ ...parsed.data, createdBy: actorId })
      .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_closure.create',
      entity: 'reading_closure',
      entityId: row!.id,
      after: row!,
    });
  });
  return { ok: true };
}

export async function removeClosure(db: Database, actorId: number, id: number): Promise<AdminResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx.delete(readingClosures).where(eq(readingClosures.id, id)).returning();
    if (!before) return { ok: false, problems: [{ field: 'form', key: 'notFound' }] } as const;
    await recordAudit(tx, { actorStaffId: actorId, action: 'reading_closure.delete', entity: 'reading_closure', entityId: id, before });
    return { ok: true } as const;
  });
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

/** Today and the last day bookable, in Riga. */
export function bookableRange(settings: ReadingSettings, now: Date = new Date()): { from: IsoDate; to: IsoDate } {
  const from = todayInRiga(now);
  return { from, to: addCalendarDays(from, settings.daysAhead) };
}
