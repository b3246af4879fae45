import { describe, expect, it } from 'vitest';
import { CASE_KINDS, CASE_STATUSES, type CaseStatus } from '#src/cases/schema.ts';
import { allowedActions, CASE_ACTIONS, OPEN_STATUSES, statusesAfter, type Actor, type CaseFacts } from '#src/cases/rules.ts';
import { STAFF_ROLES } from '#src/staff/schema.ts';

// The lifecycle as a model (issue 13): every kind × anonymous or not ×
// every status × pending decision × callback decision × every role, walked
// through the rules. Two invariants for all of them: an open case always
// has someone who can end it, and nothing leads a finished case back open.

const UNIT = 7;
const facts: CaseFacts[] = CASE_KINDS.flatMap((kind) =>
  [false, true].flatMap((anonymous) =>
    CASE_STATUSES.flatMap((status) =>
      (['refusal', null] as const).flatMap((pendingDecision) =>
        (kind === 'callback' ? ['callback', 'email_instead', null] : [null]).flatMap((callbackDecision) =>
          [null, 11].map((assigneeId) => ({
            kind,
            anonymous,
            status,
            pendingDecision,
            callbackDecision,
            assigneeId,
            unitId: UNIT,
            dueOn: '2026-12-10',
          })),
        ),
      ),
    ),
  ),
);

// The people who may see a case of unit 7: its officials (the assignee or
// not), its manager, the director. Everyone else sees nothing.
const people: Actor[] = [
  { id: 11, role: 'official', unitId: UNIT },
  { id: 12, role: 'official', unitId: UNIT },
  { id: 13, role: 'manager', unitId: UNIT },
  { id: 14, role: 'director', unitId: null },
];
const TODAY = '2026-12-01';
const isOpen = (s: CaseStatus) => OPEN_STATUSES.includes(s);
const describeCase = (c: CaseFacts) =>
  `${c.anonymous ? 'anonymous ' : ''}${c.kind} ${c.status}${c.pendingDecision ? ' awaiting the director' : ''}${c.callbackDecision ? ` (${c.callbackDecision})` : ''}`;

describe('the case lifecycle, for every case and every role', () => {
  it('walks enough states to mean something', () => {
    expect(facts.length).toBeGreaterThan(300);
  });

  it('gives every open case at least one person with an action that ends it', () => {
    const stuck = facts
      .filter((c) => isOpen(c.status))
      .filter((c) => !people.some((p) => allowedActions(p, c, TODAY).some((a) => statusesAfter(a, c).some((s) => !isOpen(s)))))
      .map(describeCase);
    expect(stuck).toEqual([]);
  });

  it('ends an open case with the action of its own kind, even when nobody can be written to', () => {
    const endsBy = (c: CaseFacts) => new Set(people.flatMap((p) => allowedActions(p, c, TODAY)));
    for (const anonymous of [false, true]) {
      const open = { status: 'received', pendingDecision: null, unitId: UNIT, assigneeId: null, anonymous, dueOn: null } as const;
      // S-4.8: a suggestion, named or not, ends with its decision; never with a bare answer.
      expect(endsBy({ ...open, kind: 'suggestion' })).toContain('decide_suggestion');
      expect(endsBy({ ...open, kind: 'suggestion' })).not.toContain('answer');
      // S-5.3: a complaint is closed with its outcome, anonymous ones too.
      expect(endsBy({ ...open, kind: 'complaint' })).toContain('close_complaint');
    }
    const anonymousQuestion = {
      kind: 'question',
      status: 'in_progress',
      pendingDecision: null,
      unitId: UNIT,
      assigneeId: null,
      anonymous: true,
    } as const;
    expect(endsBy(anonymousQuestion)).toContain('close_unexamined');
    expect(endsBy(anonymousQuestion)).not.toContain('answer');
  });

  it('never leads a finished case back to open, whoever acts', () => {
    const reopened = facts
      .filter((c) => !isOpen(c.status))
      .flatMap((c) =>
        people.flatMap((p) =>
          allowedActions(p, c, TODAY)
            .filter((a) => statusesAfter(a, c).some(isOpen))
            .map((a) => `${p.role} ${a} on ${describeCase(c)}`),
        ),
      );
    expect(reopened).toEqual([]);
  });

  it('lets nobody outside the unit act, and nobody act on a refusal but the director', () => {
    const outsider: Actor = { id: 99, role: 'official', unitId: UNIT + 1 };
    const administrator: Actor = { id: 98, role: 'administrator', unitId: null };
    expect(facts.filter((c) => allowedActions(outsider, c, TODAY).length > 0)).toEqual([]);
    expect(facts.filter((c) => allowedActions(administrator, c, TODAY).length > 0)).toEqual([]);
    const awaiting = facts.filter((c) => isOpen(c.status) && c.pendingDecision === 'refusal');
    for (const c of awaiting) {
      for (const p of people)
        expect(allowedActions(p, c, TODAY).filter((a) => a !== 'close_complaint')).toEqual(p.role === 'director' ? ['decide_refusal'] : []);
    }
  });

  it('takes away the extension once the due date has passed, so a delay stays a delay (M2)', () => {
    const c: CaseFacts = {
      kind: 'question',
      status: 'in_progress',
      pendingDecision: null,
      unitId: UNIT,
      assigneeId: 11,
      anonymous: false,
      dueOn: '2026-11-30',
    };
    expect(allowedActions(people[0]!, c, '2026-11-30')).toContain('extend_deadline');
    expect(allowedActions(people[0]!, c, '2026-12-01')).not.toContain('extend_deadline');
  });

  it('names a result for every action', () => {
    for (const a of CASE_ACTIONS) for (const c of facts) expect(statusesAfter(a, c).length).toBeGreaterThan(0);
    expect(STAFF_ROLES).toEqual(expect.arrayContaining(people.map((p) => p.role)));
  });
});
