import { describe, expect, it } from 'vitest';
import { chooseOfficial } from '#src/cases/routing.ts';
import { allowedActions, maySeeCase, snippet, SNIPPET_LENGTH, urgency, type Actor, type CaseFacts } from '#src/cases/rules.ts';

describe('routing within a unit (S-10, S-7)', () => {
  const unit = [
    { id: 4, languages: ['lv', 'ru'], openCases: 5 },
    { id: 5, languages: ['lv', 'en'], openCases: 2 },
    { id: 6, languages: ['lv'], openCases: 2 },
  ];
  it('gives a Russian reply to the official who speaks Russian, however busy', () => {
    expect(chooseOfficial(unit, 'ru')).toEqual({ staffId: 4, reason: 'speaks_language' });
  });
  it('shares Latvian replies by the fewest open cases, ties to the lower id', () => {
    expect(chooseOfficial(unit, 'lv')).toEqual({ staffId: 5, reason: 'fewest_open_cases' });
  });
  it('falls back to the fair rule when nobody speaks the language', () => {
    expect(chooseOfficial(unit, 'de')).toEqual({ staffId: 5, reason: 'fewest_open_cases' });
  });
  it('says so when the unit has nobody', () => {
    expect(chooseOfficial([], 'lv')).toEqual({ staffId: null, reason: 'no_official' });
  });
});

describe('what each role may do with a case', () => {
  const question: CaseFacts = { kind: 'question', status: 'received', unitId: 2, assigneeId: 10, pendingDecision: null, anonymous: false };
  const official: Actor = { id: 10, role: 'official', unitId: 2 };
  const otherUnit: Actor = { id: 11, role: 'official', unitId: 3 };
  const director: Actor = { id: 1, role: 'director', unitId: null };
  const admin: Actor = { id: 2, role: 'administrator', unitId: 2 };

  it("lets the unit's official answer, reassign, refer, mark abusive and extend", () => {
    expect(allowedActions(official, question)).toEqual(['answer', 'reassign', 'refer', 'mark_abusive', 'extend_deadline']);
  });
  it("shows another unit's case to nobody but the director", () => {
    expect(maySeeCase(otherUnit, question)).toBe(false);
    expect(allowedActions(otherUnit, question)).toEqual([]);
    expect(maySeeCase(director, question)).toBe(true);
    expect(maySeeCase(admin, question)).toBe(false);
  });
  it('offers refusal as disproportionate only for information requests, and the decision only to the director (S-11/12)', () => {
    const request = { ...question, kind: 'information_request' as const };
    expect(allowedActions(official, request)).toContain('propose_refusal');
    const proposed = { ...request, pendingDecision: 'refusal' as const };
    expect(allowedActions(official, proposed)).toEqual([]);
    expect(allowedActions(director, proposed)).toEqual(['decide_refusal']);
  });
  it('closes complaints as justified or not, also after the answer (Q-4)', () => {
    const complaint = { ...question, kind: 'complaint' as const };
    expect(allowedActions(official, complaint)).toContain('close_complaint');
    expect(allowedActions(official, { ...complaint, status: 'answered' })).toEqual(['close_complaint']);
    expect(allowedActions(official, { ...complaint, status: 'closed' })).toEqual([]);
  });
  it('records calls only for callbacks still to be called, and answers nobody anonymous', () => {
    expect(allowedActions(official, { ...question, kind: 'callback', callbackDecision: 'callback' })).toContain('record_call');
    expect(allowedActions(official, { ...question, kind: 'callback', callbackDecision: 'email_instead' })).not.toContain('record_call');
    expect(allowedActions(official, { ...question, anonymous: true })).not.toContain('answer');
  });
  it('marks urgency by working days left', () => {
    expect([urgency(-1), urgency(0), urgency(2), urgency(3), urgency(null)]).toEqual([
      'overdue',
      'due_soon',
      'due_soon',
      'on_time',
      'on_time',
    ]);
  });
});

describe('the workspace line of a client text (ux.md D19)', () => {
  it('keeps a short text whole, on one line', () => {
    expect(snippet('Kad  būs\nlēmums?\r\n')).toBe('Kad būs lēmums?');
  });
  it('cuts a long text at the last whole word within the limit, with an ellipsis', () => {
    const text =
      'Lūdzu paskaidrot, kāpēc mūsu ciema notekūdeņu attīrīšanas iekārtu pārbaude vēl nav notikusi, lai gan tā bija paredzēta oktobrī.';
    const line = snippet(text);
    expect(line.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 1);
    expect(line).toBe('Lūdzu paskaidrot, kāpēc mūsu ciema notekūdeņu attīrīšanas iekārtu pārbaude vēl nav…');
    expect(snippet('x'.repeat(200))).toBe(`${'x'.repeat(SNIPPET_LENGTH)}…`);
  });
});
