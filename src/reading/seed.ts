import type { Database } from '#src/db/client.ts';
import { readingPlaces, readingRoomSettings } from './schema.ts';

// S-13: a reading room to book from the first start. One seat, named as an
// administrator would; they add seats and rename them (administrator page).
export const seedReadingPlaces = [{ name: 'Lasītava, 1. vieta' }];

/** Adds the settings row and the first seat once; never touches what an administrator changed. */
export async function seedReadingRoom(db: Database): Promise<boolean> {
  await db.insert(readingRoomSettings).values({ id: 1 }).onConflictDoNothing();
  const existing = await db.select({ id: readingPlaces.id }).from(readingPlaces).limit(1);
  if (existing.length > 0) return false;
  await db.insert(readingPlaces).values(seedReadingPlaces);
  return true;
}
