import { and, eq, gte, inArray, lt, or } from 'drizzle-orm';
import { createEvents, type EventAttributes } from 'ics';
import type { Database } from '#src/db/client.ts';
import { cases } from '#src/cases/schema.ts';
import { hashStatusToken, newStatusToken } from '#src/cases/status-link.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { translator } from '#src/i18n/index.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { rigaDateOf, rigaLocalToInstant } from '#src/calendar/riga-time.ts';
import { CalendarFileError, foldContentLines } from './ics.ts';
import { readingBookings, readingCalendarFeeds, readingOffers, readingPlaces } from './schema.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';

// Issue 6, "a per-official calendar feed": an official subscribes their
// calendar program to a private address and sees the reading room times of
// their cases (assigned to them, or where they invited the client) without
// opening the portal. The entries share their UID and SEQUENCE with the
// calendar files in the letters, so a program holding both shows one entry.
// The feed names the case by its reference only, never the client: calendar
// services copy what they subscribe to onto other companies' servers.

/** How far back and ahead the feed reaches (days). */
export const FEED_PAST_DAYS = 30;
export const FEED_AHEAD_DAYS = 180;

type Reader = Pick<Database, 'select'>;

/** Makes (or replaces) the official's private feed address; returns its token, shown once. */
export async function issueCalendarFeed(db: Database, staffId: number): Promise<string> {
  const token = newStatusToken();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ staffId: readingCalendarFeeds.staffId })
      .from(readingCalendarFeeds)
      .where(eq(readingCalendarFeeds.staffId, staffId));
    await tx
      .insert(readingCalendarFeeds)
      .values({ staffId, tokenHash: hashStatusToken(token) })
      .onConflictDoUpdate({ target: readingCalendarFeeds.staffId, set: { tokenHash: hashStatusToken(token), createdAt: new Date() } });
    // The audit says that an address was made or replaced, never the address.
    await recordAudit(tx, {
      actorStaffId: staffId,
      action: before ? 'reading_feed.replace' : 'reading_feed.create',
      entity: 'staff',
      entityId: staffId,
    });
  });
  return token;
}

/** Turns the feed off: the old address answers "not found" from now on. */
export async function stopCalendarFeed(db: Database, staffId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(readingCalendarFeeds)
      .where(eq(readingCalendarFeeds.staffId, staffId))
      .returning({ staffId: readingCalendarFeeds.staffId });
    if (removed.length) await recordAudit(tx, { actorStaffId: staffId, action: 'reading_feed.delete', entity: 'staff', entityId: staffId });
  });
}

export async function calendarFeedSince(db: Reader, staffId: number): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: readingCalendarFeeds.createdAt })
    .from(readingCalendarFeeds)
    .where(eq(readingCalendarFeeds.staffId, staffId));
  return row?.createdAt ?? null;
}

/**
 * The calendar (RFC 5545) behind a feed address, or null when the address
 * is unknown, turned off, or its owner's account is disabled.
 */
export async function calendarFeed(
  db: Database,
  token: string,
  input: { locale: string; baseUrl: string; now?: Date },
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [owner] = await db
    .select({ id: staffMembers.id })
    .from(readingCalendarFeeds)
    .innerJoin(staffMembers, eq(staffMembers.id, readingCalendarFeeds.staffId))
    .where(and(eq(readingCalendarFeeds.tokenHash, hashStatusToken(token)), eq(staffMembers.active, true)));
  if (!owner) return null;
  const today = rigaDateOf(input.now ?? new Date());
  const invitedBy = db.select({ caseId: readingOffers.caseId }).from(readingOffers).where(eq(readingOffers.createdBy, owner.id));
  const rows = await db
    .select({ b: readingBookings, reference: cases.reference, placeName: readingPlaces.name })
    .from(readingBookings)
    .innerJoin(cases, eq(cases.id, readingBookings.caseId))
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .where(
      and(
        inArray(readingBookings.status, ['active', 'attended', 'no_show']),
        gte(readingBookings.startsAt, rigaLocalToInstant(addCalendarDays(today, -FEED_PAST_DAYS), '00:00')),
        lt(readingBookings.startsAt, rigaLocalToInstant(addCalendarDays(today, FEED_AHEAD_DAYS), '00:00')),
        or(eq(cases.assigneeId, owner.id), inArray(readingBookings.caseId, invitedBy)),
      ),
    )
    .orderBy(readingBookings.startsAt);
  const institution = (await getInstitution(db))!;
  const t = translator(input.locale);
  const domain = new URL(input.baseUrl).hostname;
  const utc = (d: Date): [number, number, number, number, number] => [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
  const events: EventAttributes[] = rows.map(({ b, reference, placeName }) => ({
    uid: `reading-${b.id}@${domain}`,
    sequence: Math.max(0, b.version - 1),
    start: utc(b.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utc(b.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: t('reading:feed.title', { reference }),
    description: t('reading:feed.description', { reference, place: placeName }),
    location: institution.address,
    url: absoluteUrl(input.baseUrl, staffPaths.booking(input.locale, b.id)),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
  }));
  const { error, value } = createEvents(events, {
    productId: 'klientu-balss/reading-room-feed',
    method: 'PUBLISH',
    calName: t('reading:feed.name'),
  });
  if (error || !value) throw new CalendarFileError(error?.message ?? 'calendar feed not made');
  // The same 75-octet folding as the letters' files (referees.md C3).
  return foldContentLines(value);
}
