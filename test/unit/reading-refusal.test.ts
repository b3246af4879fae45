import { describe, expect, it } from 'vitest';
import { refusal } from '#src/reading/bookings.ts';

// Issue 6: a time someone else just took is a conflict (409) with fresh
// times, never an error page; the form's own mistakes are a 400.
describe('how a refused reading booking is shown', () => {
  it('makes a taken time, a changed booking and a second tab conflicts', () => {
    expect(refusal({ ok: false, reason: 'slot_taken' })).toEqual({
      status: 409,
      problems: [{ field: 'slot', key: 'slot_taken' }],
      keepChoice: false,
    });
    expect(refusal({ ok: false, reason: 'conflict' })).toMatchObject({ status: 409, problems: [{ field: 'form', key: 'conflict' }] });
    expect(refusal({ ok: false, reason: 'already_booked' })).toMatchObject({
      status: 409,
      problems: [{ field: 'form', key: 'already_booked' }],
    });
  });
  it('keeps the choice on a form mistake and answers 400 for a closed invitation or a late change', () => {
    const problems = [{ field: 'slot', key: 'chooseTime' }];
    expect(refusal({ ok: false, reason: 'invalid', problems })).toEqual({ status: 400, problems, keepChoice: true });
    expect(refusal({ ok: false, reason: 'closed' })).toMatchObject({ status: 400, keepChoice: false });
    expect(refusal({ ok: false, reason: 'too_late' })).toMatchObject({ status: 400, problems: [{ field: 'form', key: 'too_late' }] });
  });
});
