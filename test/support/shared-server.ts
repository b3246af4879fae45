import { inject } from 'vitest';
import { rememberServerClock, serverNow } from './clock.ts';

/** The browser suite's shared server (e2e-global-setup.ts), with its clock. */
export function sharedServer(): { baseUrl: string; mailDir: string; now: () => Date } {
  const baseUrl = inject('baseUrl');
  rememberServerClock(baseUrl, inject('clockOffsetMs'));
  return { baseUrl, mailDir: inject('mailDir'), now: () => serverNow(baseUrl) };
}
