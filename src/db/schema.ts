// The schema index: every capability's tables, for Drizzle and drizzle-kit.
export * from '../settings/schema.ts';
export * from '../staff/schema.ts';
export * from '../mail/schema.ts';
