// What every settings write shares: the audit entry's before and after
// (without the row's own updatedAt), and the action an edit records. Each
// change is checked (the entity's rules, plus what only the database knows),
// made in one transaction with its audit entry, and nothing is deleted but
// mistakes: units, topics, authorities and templates are deactivated, so
// every case that names one still can.
import type { Outcome } from '#src/platform/outcome.ts';

/** A saved row's id, or why not. */
export type Saved = Outcome<number>;

/** The audit log has its own time: a row's updatedAt would only repeat it as a change. */
export function auditRow<T extends { updatedAt?: Date }>(row: T): Record<string, unknown> {
  const { updatedAt, ...rest } = row;
  void updatedAt;
  return rest;
}

/** `<entity>.create`, `.deactivate` or `.update`, by what the change does. */
export function changeAction(entity: string, before: { active: boolean } | undefined, after: { active: boolean }): string {
  if (!before) return `${entity}.create`;
  if (before.active && !after.active) return `${entity}.deactivate`;
  return `${entity}.update`;
}
