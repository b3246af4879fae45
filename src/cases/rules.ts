import type { StaffRole } from '#src/staff/schema.ts';
import type { CaseKind, CaseStatus } from './schema.ts';

// Which actions an official may take on a case, as plain rules: by role,
// by where the case stands, and by its kind. The page shows only these;
// the server refuses anything else.

export const CASE_ACTIONS = [
  'answer',
  'reassign',
  'refer',
  'mark_abusive',
  'extend_deadline',
  'propose_refusal',
  'decide_refusal',
  'close_complaint',
  'decide_suggestion',
  'close_unexamined',
  'record_call',
  'invite_to_read',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Statuses in which the case still waits for the institution. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in_progress'];

export type CaseFacts = {
  kind: CaseKind;
  status: CaseStatus;
  unitId: number;
  assigneeId: number | null;
  pendingDecision: 'refusal' | null;
  callbackDecision?: string | null;
  anonymous: boolean;
  dueOn?: string | null;
};
export type Actor = { id: number; role: StaffRole; unitId: number | null };

/** Who may see a case at all: its unit's people, the director. Others get "not found". */
export function maySeeCase(actor: Actor, c: Pick<CaseFacts, 'unitId' | 'assigneeId'>): boolean {
  if (actor.role === 'director') return true;
  if (actor.role === 'official' || actor.role === 'manager') return c.unitId === actor.unitId || c.assigneeId === actor.id;
  return false;
}

/**
 * The actions `actor` may take on the case now. `today` (the Riga date)
 * takes away the extension once the due date has passed: the client must
 * be told of a longer period within the period (S-4.6), and a delay that
 * happened must stay in the Q-5b report (mission.md M2).
 */
export function allowedActions(actor: Actor, c: CaseFacts, today?: string): CaseAction[] {
  if (!maySeeCase(actor, c)) return [];
  const open = OPEN_STATUSES.includes(c.status);
  const actions: CaseAction[] = [];
  if (open && c.pendingDecision === null) {
    // S-4.8: a suggestion ends with its decision (and the letter saying it), not with a bare answer.
    if (!c.anonymous && c.kind !== 'suggestion') actions.push('answer');
    actions.push('reassign', 'refer', 'mark_abusive');
    if (!(today && c.dueOn && c.dueOn < today)) actions.push('extend_deadline');
    if (c.kind === 'suggestion') actions.push('decide_suggestion');
    // latvia.md: an anonymous submission may be left unexamined, with the reason on record.
    if (c.anonymous) actions.push('close_unexamined');
    // S-11/12: only a request for information can be out of proportion.
    if (c.kind === 'information_request') actions.push('propose_refusal');
    // S-13: a request too large to send, or documents that may not leave the
    // Bureau, are read in the office at a time both sides accept.
    if (c.kind === 'information_request') actions.push('invite_to_read');
    if (c.kind === 'callback' && c.callbackDecision === 'callback') actions.push('record_call');
  }
  // S-11/12: the director decides a proposed refusal.
  if (open && c.pendingDecision === 'refusal' && actor.role === 'director') actions.push('decide_refusal');
  // Q-4, S-5.3: a complaint ends as justified or not, once answered or referred.
  if (c.kind === 'complaint' && (open || c.status === 'answered')) actions.push('close_complaint');
  return actions;
}

/**
 * Where each action may lead a case: the statuses its result can have. The
 * actions check their result against it (`act`), and the model test walks
 * every kind, status and role through it to prove that every open case can
 * end and that nothing reopens a finished one.
 */
export function statusesAfter(action: CaseAction, c: Pick<CaseFacts, 'status' | 'anonymous' | 'kind'>): readonly CaseStatus[] {
  const stay = [c.status];
  switch (action) {
    case 'answer':
      return ['answered'];
    case 'reassign':
    case 'invite_to_read':
      // Taken up: a received case is now in progress.
      return [...new Set<CaseStatus>([...stay, 'in_progress'])];
    case 'refer':
      // The whole case goes (S-14.1), or a part of it and the rest stays with us.
      return ['referred', 'in_progress'];
    case 'mark_abusive':
    case 'close_unexamined':
      return ['not_examined'];
    case 'extend_deadline':
      return stay;
    case 'propose_refusal':
      return ['in_progress'];
    case 'decide_refusal':
      // Refused, or the proposal rejected and the case back with its official.
      return ['refused', ...stay];
    case 'close_complaint':
    case 'decide_suggestion':
      return ['closed'];
    case 'record_call':
      return ['answered', 'in_progress'];
  }
}

/** Deadline urgency, for lists: overdue, due within two working days, or fine (S-4.6). */
export type Urgency = 'overdue' | 'due_soon' | 'on_time';
export function urgency(workingDaysLeft: number | null): Urgency {
  if (workingDaysLeft === null) return 'on_time';
  if (workingDaysLeft < 0) return 'overdue';
  return workingDaysLeft <= 2 ? 'due_soon' : 'on_time';
}

/** D19: how much of a client's text the workspace shows, on one line. */
export const SNIPPET_LENGTH = 90;

/**
 * The start of a client's text as one line for the workspace (ux.md D19):
 * line breaks and runs of spaces become one space, and a text longer than
 * `max` is cut at the last word that fits, with "…". Cut on the server, so
 * the page carries a line, not the whole letter.
 */
export function snippet(text: string, max = SNIPPET_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  // A word longer than a third of the line (a web address) is cut where it is.
  return `${(space > max * 0.66 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}
