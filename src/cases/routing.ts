import { replyLanguage } from '#src/intake/language.ts';

// S-10: a case reaches the official whose competence it is. The unit comes
// from the topic (or triage); within the unit, an official who speaks the
// language the reply is to be in (S-7), and among those the one with the
// fewest open cases, so work is shared fairly. Ties go to the lower id, so
// the rule gives one answer for one input.

export type Candidate = { id: number; languages: readonly string[]; openCases: number };
export type RoutingReason = 'speaks_language' | 'fewest_open_cases' | 'unit_manager';
export type RoutingChoice = { staffId: number; reason: RoutingReason } | { staffId: null; reason: 'no_official' };

export function chooseOfficial(candidates: readonly Candidate[], replyLanguage: string): RoutingChoice {
  if (candidates.length === 0) return { staffId: null, reason: 'no_official' };
  const fairest = (list: readonly Candidate[]) => [...list].sort((a, b) => a.openCases - b.openCases || a.id - b.id)[0]!;
  if (replyLanguage !== 'lv') {
    const speakers = candidates.filter((c) => c.languages.includes(replyLanguage));
    if (speakers.length > 0) return { staffId: fairest(speakers).id, reason: 'speaks_language' };
  }
  return { staffId: fairest(candidates).id, reason: 'fewest_open_cases' };
}

export type UnitPerson = Candidate & { role: 'official' | 'manager' | string };

/**
 * S-10, S-4.8 (mission review M4): every case reaches someone. The unit's
 * officials by the rule above; if it has none, its manager (by the same
 * rule, should it have several); if it has no manager either, nobody: the
 * case waits "not assigned" in the director's queue, where the workspace
 * and the daily reminders bring it up. Used by intake and by reassigning
 * to a unit alike, so both give the same answer.
 */
export function routeInUnit(people: readonly UnitPerson[], replyLanguage: string): RoutingChoice {
  const officials = people.filter((p) => p.role === 'official');
  if (officials.length > 0) return chooseOfficial(officials, replyLanguage);
  const managers = people.filter((p) => p.role === 'manager');
  const manager = chooseOfficial(managers, replyLanguage);
  return manager.staffId === null ? manager : { staffId: manager.staffId, reason: 'unit_manager' };
}

export type LanguageCheck = { keeps: true } | { keeps: false; from: string };

/**
 * S-7, S-14.5 (review m1): a case promised a reply in another language
 * keeps that promise only while someone who will answer speaks it. Handing
 * it to people (one person, or a unit's officials and manager) none of whom
 * speaks it means the answer will be in Latvian, and the client must be
 * told before the answer. The same decision as at intake (intake/language.ts).
 */
export function languageOnReassign(promised: string, spokenByTarget: ReadonlyArray<readonly string[]>): LanguageCheck {
  const decided = replyLanguage(promised, spokenByTarget);
  return decided.fallbackToLatvian ? { keeps: false, from: decided.requested } : { keeps: true };
}

export type UnitCover = 'officials' | 'manager_only' | 'nobody';

/** Who a unit's new cases reach by routeInUnit, for warning the administrator (M4). */
export function unitCover(staffing: { officials: number; managers: number } | undefined): UnitCover {
  if (staffing && staffing.officials > 0) return 'officials';
  return staffing && staffing.managers > 0 ? 'manager_only' : 'nobody';
}
