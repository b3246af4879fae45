import type { Database } from '#src/db/client.ts';
import { retentionRules } from '#src/settings/schema.ts';
import { DEFAULT_RETENTION_DAYS, RETENTION_KINDS } from './rules.ts';

/**
 * The retention periods every database starts with (rules.ts). Each kind is
 * added once: a period an administrator has changed is never overwritten,
 * and a database seeded before retention existed gets the periods on its
 * next start. Returns the kinds added.
 */
export async function seedRetentionRules(db: Database): Promise<string[]> {
  const added = await db
    .insert(retentionRules)
    .values(RETENTION_KINDS.map((kind) => ({ recordKind: kind, days: DEFAULT_RETENTION_DAYS[kind] })))
    .onConflictDoNothing()
    .returning({ kind: retentionRules.recordKind });
  return added.map((r) => r.kind);
}
