// Issue 16: the question page's choices from the settings (our topics, the
// authorities an administrator shows there), the count of what clients
// chose, and the counts the deadlines report shows.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import type { PeriodRange } from '#src/calendar/periods.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { listActiveTopics } from '#src/settings/queries.ts';
import { authorities } from '#src/settings/schema.ts';
import { matterChoices } from './schema.ts';
import type { MatterChoice } from './rules.ts';

export type ShownAuthority = typeof authorities.$inferSelect;

/** The active authorities an administrator shows on the question page, by name. */
export async function listQuestionPageAuthorities(db: Database): Promise<ShownAuthority[]> {
  return db
    .select()
    .from(authorities)
    .where(and(eq(authorities.active, true), eq(authorities.onQuestionPage, true)))
    .orderBy(asc(authorities.nameLv));
}

/** What the question page offers: reference data, read through the short cache like the forms. */
export async function questionPageChoices(db: Database) {
  const [topics, shown] = await Promise.all([
    cachedReference(db, 'topics', () => listActiveTopics(db)),
    cachedReference(db, 'question-page-authorities', () => listQuestionPageAuthorities(db)),
  ]);
  return { topics, authorities: shown };
}

/** One authority of the question page by its code, or undefined when it is not shown there (inactive, taken off, unknown). */
export async function questionPageAuthority(db: Database, code: string): Promise<ShownAuthority | undefined> {
  const { authorities: shown } = await questionPageChoices(db);
  return shown.find((a) => a.code === code);
}

/**
 * Counts one choice on the Riga day of `now`: one row per day and choice,
 * added to in place (an upsert), so two clients at once both count and no
 * row says who chose.
 */
export async function countChoice(db: Database, choice: MatterChoice, now: Date = new Date()): Promise<void> {
  const code = choice.kind === 'unsure' ? '' : choice.code;
  await db
    .insert(matterChoices)
    .values({ day: rigaDateOf(now), kind: choice.kind, code, count: 1 })
    .onConflictDoUpdate({
      target: [matterChoices.day, matterChoices.kind, matterChoices.code],
      set: { count: sql`${matterChoices.count} + 1` },
    });
}

export type MatterChoiceCounts = {
  ours: number;
  unsure: number;
  /** Sent elsewhere, in all. */
  elsewhere: number;
  /** Sent elsewhere, by authority (its code, and its row when it is still in the directory), most first. */
  byAuthority: Array<{ code: string; count: number; authority: ShownAuthority | undefined }>;
};

/** The question page's choices counted over a period (days from `from` to before `until`). */
export async function matterChoiceCounts(db: Database, range: Pick<PeriodRange, 'from' | 'until'>): Promise<MatterChoiceCounts> {
  const rows = await db
    .select({ kind: matterChoices.kind, code: matterChoices.code, count: sql<number>`sum(${matterChoices.count})::int` })
    .from(matterChoices)
    .where(and(gte(matterChoices.day, range.from), lt(matterChoices.day, range.until)))
    .groupBy(matterChoices.kind, matterChoices.code);
  const directory = await db.select().from(authorities);
  const total = (kind: string) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + Number(r.count), 0);
  return {
    ours: total('ours'),
    unsure: total('unsure'),
    elsewhere: total('elsewhere'),
    byAuthority: rows
      .filter((r) => r.kind === 'elsewhere')
      .map((r) => ({ code: r.code, count: Number(r.count), authority: directory.find((a) => a.code === r.code) }))
      .toSorted((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}
