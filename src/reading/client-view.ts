import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { cases } from '#src/cases/schema.ts';
import { hashStatusToken, looksLikeStatusToken } from '#src/cases/status-link.ts';
import { readingBookings, readingOffers, type BookingStatus } from './schema.ts';
import { clientEarliestStart, clientMayChange, offeredSlots, type FreeSlot } from './rules.ts';
import { activeBooking, getReadingSettings, lastBooking, latestOffer, openSlots } from './queries.ts';

// The client's side of the reading room (S-13): which case a private link
// opens, and what the client's reading page shows.

type Reader = Pick<Database, 'select'>;

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
  /** Whether the case has an e-mail address: only then do confirmations go out (D6). */
  clientHasEmail: boolean;
};

/**
 * The notice after the client's own change. A booking is confirmed by
 * e-mail only when the case has an address; without one the page must not
 * say a confirmation was sent (ux.md D6).
 */
export function clientDoneKey(done: string | null, clientHasEmail: boolean): string | undefined {
  if (done === 'book') return clientHasEmail ? 'reading:client.done.book' : 'reading:client.done.bookNoEmail';
  if (done === 'move' || done === 'cancel') return `reading:client.done.${done}`;
  return undefined;
}

/**
 * What the client's reading page shows (S-13): the invitation, the
 * booking, and the times they may pick now. A booking can be made, moved
 * or cancelled by the client only until the cut-off before it; the times
 * offered are the official's (the window, or the specific times in it).
 */
export async function clientReading(db: Database, caseId: number, now: Date = new Date()): Promise<ClientReading | undefined> {
  const [c] = await db
    .select({ id: cases.id, reference: cases.reference, contactEmail: cases.contactEmail })
    .from(cases)
    .where(eq(cases.id, caseId));
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
    clientHasEmail: !!c.contactEmail,
  };
}
