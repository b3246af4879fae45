import { and, desc, eq, gt, lte, ne, or } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { securitySettings, staffMembers, staffSessions, type StaffRole } from './schema.ts';
import { hashSecret, newSecret } from './tokens.ts';
import { cachedReference } from '#src/settings/cache.ts';

// Staff sessions live in the database: any instance can read them, and
// ending one (sign-out, disabling an account) ends it everywhere at once.

export const SESSION_COOKIE = 'kb_staff';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number };

/** The administrator's sign-in rules, read through the short reference cache (every staff request needs them). */
export async function sessionPolicy(
  db: Database,
): Promise<SessionPolicy & { maxFailuresPerAccount: number; maxFailuresPerAddress: number; failureWindowMinutes: number }> {
  const [row] = await cachedReference(db, 'security-settings', () => db.select().from(securitySettings));
  return {
    idleMinutes: row?.sessionIdleMinutes ?? 30,
    absoluteHours: row?.sessionAbsoluteHours ?? 12,
    maxFailuresPerAccount: row?.maxFailuresPerAccount ?? 5,
    maxFailuresPerAddress: row?.maxFailuresPerAddress ?? 20,
    failureWindowMinutes: row?.failureWindowMinutes ?? 15,
  };
}

export type StaffUser = {
  id: number;
  email: string;
  fullName: string;
  role: StaffRole;
  unitId: number | null;
  managerId: number | null;
  languages: string[];
  totpEnabled: boolean;
};

export type CurrentSession = { user: StaffUser; secondFactorDone: boolean; expiresAt: Date };

/** Starts a session: always a new id (at sign-in and whenever privilege changes). */
export async function createSession(
  db: Pick<Database, 'insert'>,
  staffId: number,
  options: { secondFactorDone: boolean; policy: SessionPolicy; now?: Date },
): Promise<string> {
  const now = options.now ?? new Date();
  const token = newSecret();
  await db.insert(staffSessions).values({
    idHash: hashSecret(token),
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + options.policy.absoluteHours * 3600_000),
    secondFactorDone: options.secondFactorDone,
  });
  return token;
}

/**
 * The session behind a cookie, if it is still alive: not past its absolute
 * end, not idle too long, its person still active. Touches it (at most once
 * a minute) so activity keeps it alive.
 */
export async function readSession(
  db: Database,
  token: string | undefined,
  policy: SessionPolicy,
  now = new Date(),
): Promise<CurrentSession | undefined> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const [row] = await db
    .select({ session: staffSessions, staff: staffMembers })
    .from(staffSessions)
    .innerJoin(staffMembers, eq(staffMembers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.idHash, hashSecret(token)),
        gt(staffSessions.expiresAt, now),
        gt(staffSessions.lastSeenAt, idleSince),
        eq(staffMembers.active, true),
      ),
    );
  if (!row) return undefined;
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.idHash, row.session.idHash));
  }
  const s = row.staff;
  return {
    user: {
      id: s.id,
      email: s.email,
      fullName: s.fullName,
      role: s.role,
      unitId: s.unitId,
      managerId: s.managerId,
      languages: s.languages,
      totpEnabled: s.totpEnabledAt !== null,
    },
    secondFactorDone: row.session.secondFactorDone,
    expiresAt: row.session.expiresAt,
  };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.idHash, hashSecret(token)));
}

/** Sign out everywhere; also what disabling an account does. */
export async function endAllSessions(db: Pick<Database, 'delete'>, staffId: number): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
}

/** ASVS 7.5.2: one's own live sessions, newest first; `current` marks the one asking (ended ones kept for their grace are not shown). */
export async function listSessions(
  db: Database,
  staffId: number,
  currentToken: string | undefined,
  policy: SessionPolicy,
  now = new Date(),
): Promise<Array<{ createdAt: Date; lastSeenAt: Date; expiresAt: Date; current: boolean }>> {
  const current = currentToken ? hashSecret(currentToken) : '';
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const rows = await db
    .select({
      idHash: staffSessions.idHash,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
    })
    .from(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), gt(staffSessions.expiresAt, now), gt(staffSessions.lastSeenAt, idleSince)))
    .orderBy(desc(staffSessions.lastSeenAt));
  return rows.map(({ idHash, ...r }) => ({ ...r, current: idHash === current }));
}

/** ASVS 7.5.2: ends every session of the person but the one asking. */
export async function endOtherSessions(db: Database, staffId: number, currentToken: string): Promise<number> {
  const ended = await db
    .delete(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), ne(staffSessions.idHash, hashSecret(currentToken))))
    .returning({ idHash: staffSessions.idHash });
  return ended.length;
}

/**
 * How long an ended session's row is kept (docs/0019): it opens nothing
 * (readSession refuses it), but an answer posted with its cookie within this
 * time is still known to be that official's, and kept as their draft rather
 * than lost (ux.md D7). A day covers an answer left overnight.
 */
export const ENDED_SESSION_GRACE_HOURS = 24;

/**
 * The person behind a session that has ended by time (idle or past its
 * lifetime) no longer than the grace ago, if they are still active. Never a
 * session: it lets a page keep what the person sent, nothing more. A session
 * ended by signing out is deleted at once, so it names nobody.
 */
export async function staffOfEndedSession(
  db: Database,
  token: string | undefined,
  policy: SessionPolicy,
  now = new Date(),
): Promise<Pick<StaffUser, 'id' | 'role' | 'unitId'> | undefined> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const grace = ENDED_SESSION_GRACE_HOURS * 3600_000;
  const [row] = await db
    .select({ id: staffMembers.id, role: staffMembers.role, unitId: staffMembers.unitId })
    .from(staffSessions)
    .innerJoin(staffMembers, eq(staffMembers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.idHash, hashSecret(token)),
        gt(staffSessions.expiresAt, new Date(now.getTime() - grace)),
        gt(staffSessions.lastSeenAt, new Date(now.getTime() - policy.idleMinutes * 60_000 - grace)),
        // The second factor was done: a half sign-in never had the case open.
        eq(staffSessions.secondFactorDone, true),
        eq(staffMembers.active, true),
      ),
    );
  return row;
}

/** Sessions ended longer than the grace ago are deleted by maintenance (the grace: staffOfEndedSession). */
export async function purgeExpiredSessions(db: Database, policy: SessionPolicy, now = new Date()): Promise<void> {
  const grace = ENDED_SESSION_GRACE_HOURS * 3600_000;
  const endedBefore = new Date(now.getTime() - grace);
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000 - grace);
  await db.delete(staffSessions).where(or(lte(staffSessions.expiresAt, endedBefore), lte(staffSessions.lastSeenAt, idleSince)));
}
