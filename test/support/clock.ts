import { existsSync } from 'node:fs';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import type { IsoDate } from '#src/calendar/dates.ts';

// The clock a test gives the built server. Tests never read the real date
// (a test that did failed on the first working day of December 2026): a
// server on the embedded database starts at a fixed instant and its clock
// runs on from there. The clock is Debian's libfaketime, preloaded into the
// server's process, so the portal's code, and PGlite's now() inside the same
// process, read one clock; nothing in the portal knows it is being tested.
// A test asks the server's time with serverNow(url), never new Date().

/** Wednesday 25 November 2026, 10:00 in Riga: a working day in the middle of a month, with working days before it. */
export const TEST_NOW = new Date('2026-11-25T08:00:00Z');

const LIBFAKETIME = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
];

/** The environment that starts a process's clock at `at` (libfaketime's absolute mode, read as seconds since the epoch so the zone does not matter). */
export function fakeClockEnvironment(at: Date): Record<string, string> {
  const library = process.env.LIBFAKETIME ?? LIBFAKETIME.find((path) => existsSync(path));
  if (!library) {
    throw new Error('A test clock needs libfaketime: apt-get install -y faketime (or set LIBFAKETIME to libfaketimeMT.so.1)');
  }
  return {
    LD_PRELOAD: library,
    FAKETIME: `@${Math.floor(at.getTime() / 1000)}`,
    // The clock runs on from `at` at the real pace (timeouts, sessions, TOTP periods).
    FAKETIME_FMT: '%s',
  };
}

/** Without the preload, for a child (a browser, say) that must keep the real clock of the machine. */
export function withoutFakeClock(env: NodeJS.ProcessEnv): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'LD_PRELOAD' && !key.startsWith('FAKETIME')) rest[key] = value;
  }
  return rest;
}

// Base URL → how far the server's clock is ahead of this process's, in ms.
const offsets = new Map<string, number>();

export function rememberServerClock(baseUrl: string, offsetMs: number): void {
  offsets.set(baseUrl.replace(/\/$/, ''), offsetMs);
}

/** The server's time now (this process's clock for a server not started here). */
export function serverNow(baseUrl: string): Date {
  return new Date(Date.now() + (offsets.get(baseUrl.replace(/\/$/, '')) ?? 0));
}

/** The server's date in Riga now. */
export function serverToday(baseUrl: string): IsoDate {
  return rigaDateOf(serverNow(baseUrl));
}
