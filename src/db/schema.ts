// The schema index: every capability's tables, for Drizzle and drizzle-kit.
export * from '#src/settings/schema.ts';
export * from '#src/staff/schema.ts';
export * from '#src/audit/schema.ts';
export * from '#src/mail/schema.ts';
export * from '#src/cases/schema.ts';
export * from '#src/intake/schema.ts';
export * from '#src/quality/schema.ts';
export * from '#src/platform/schema.ts';
export * from '#src/reading/schema.ts';
export * from '#src/quality/results/schema.ts';
export * from '#src/matter/schema.ts';
export * from '#src/mail/inbox/schema.ts';
