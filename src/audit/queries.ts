import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { auditLog } from './schema.ts';

type Writer = Pick<Database, 'insert'>;

export type AuditEntry = {
  actorStaffId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** When it happened; the database's clock when not given. */
  at?: Date;
};

// Secrets never reach the audit log, whatever a caller passes.
const SECRET_FIELDS = new Set([
  'passwordHash',
  'totpSecret',
  'codeHash',
  'tokenHash',
  'idHash',
  'statusTokenHash',
  'password',
  'totpCode',
  'recoveryCode',
  'secondFactorCode',
]);
function withoutSecrets(row: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!row) return null;
  return Object.fromEntries(Object.entries(row).filter(([k]) => !SECRET_FIELDS.has(k)));
}

/** Records a change; call it inside the transaction that makes the change. */
export async function recordAudit(writer: Writer, entry: AuditEntry): Promise<void> {
  await writer.insert(auditLog).values({
    ...(entry.at ? { at: entry.at } : {}),
    actorStaffId: entry.actorStaffId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: withoutSecrets(entry.before),
    after: withoutSecrets(entry.after),
  });
}

export async function listAudit(
  db: Database,
  options: { beforeId?: number | undefined; limit?: number; entity?: string | undefined; entityId?: string | undefined } = {},
) {
  const limit = options.limit ?? 50;
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        options.beforeId ? lt(auditLog.id, options.beforeId) : undefined,
        options.entity ? eq(auditLog.entity, options.entity) : undefined,
        options.entityId ? eq(auditLog.entityId, options.entityId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
