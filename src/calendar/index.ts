export * from './dates.ts';
export * from './holidays.ts';
export * from './riga-time.ts';
export * from './working-days.ts';
export * from './deadlines.ts';
export * from './periods.ts';
