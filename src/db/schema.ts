// The schema index: every capability's tables, for Drizzle and drizzle-kit.
export * from '../settings/schema.ts';
export * from '../staff/schema.ts';
export * from '../mail/schema.ts';
export * from '../cases/schema.ts';
export * from '../intake/schema.ts';
export * from '../quality/schema.ts';
export * from '../platform/schema.ts';
export * from '../appointments/schema.ts';
