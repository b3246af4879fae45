import { describe, expect, it } from 'vitest';
import { loggableError, loggablePath, maskSecrets } from '#src/platform/log.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

const token = 'o_vP9D6xYz0123456789abcdefghijklmnoNg';

describe('logs carry no tokens or personal data (security review m2)', () => {
  it("masks a calendar feed's token although its segment ends in .ics", () => {
    expect(loggablePath(staffPaths.calendarFeed('en', token))).toBe('/en/staff/calendar/:token.ics'); // literal on purpose: the masked form
    expect(loggablePath(publicPaths.reading('lv', token, { slot: '2026-12-01', name: 'Anna' }))).toBe('/lv/case/:token/reading'); // literal on purpose: the masked form
  });

  it("masks the raw path in Astro's own error line, and query values", () => {
    expect(maskSecrets(`Could not render /en/case/${token}?email=anna@example.lv`)).toBe('Could not render /en/case/:token');
    expect(maskSecrets('550 5.1.1 <anna.ozola@example.lv>: Recipient address rejected')).toBe(
      '550 5.1.1 <:email>: Recipient address rejected',
    );
  });

  it("logs a database error by its SQLSTATE, never the failed query's values", () => {
    const cause = Object.assign(new Error('value "99999999999" is out of range for type integer'), { code: '22003' });
    const failed = new Error('Failed query: insert into "cases" ("contact_name") values ($1)\nparams: Anna Ozola,anna@example.lv', {
      cause,
    });
    failed.name = 'DrizzleQueryError';
    expect(loggableError(failed)).toBe('DrizzleQueryError: SQLSTATE 22003');
    expect(loggableError(cause)).toBe('Error: SQLSTATE 22003');
    const noCode = Object.assign(new Error('Failed query: select 1\nparams: Anna'), { name: 'DrizzleQueryError' });
    expect(loggableError(noCode)).toBe('DrizzleQueryError: failed query');
  });

  it('keeps an ordinary error readable', () => {
    expect(loggableError(new TypeError('handler is not a function'))).toBe('TypeError: handler is not a function');
  });
});
