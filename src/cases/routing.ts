// S-10: a case reaches the official whose competence it is. The unit comes
// from the topic (or triage); within the unit, an official who speaks the
// language the reply is to be in (S-7), and among those the one with the
// fewest open cases, so work is shared fairly. Ties go to the lower id, so
// the rule gives one answer for one input.

export type Candidate = { id: number; languages: readonly string[]; openCases: number };
export type RoutingChoice = { staffId: number; reason: 'speaks_language' | 'fewest_open_cases' } | { staffId: null; reason: 'no_official' };

export function chooseOfficial(candidates: readonly Candidate[], replyLanguage: string): RoutingChoice {
  if (candidates.length === 0) return { staffId: null, reason: 'no_official' };
  const fairest = (list: readonly Candidate[]) => [...list].sort((a, b) => a.openCases - b.openCases || a.id - b.id)[0]!;
  if (replyLanguage !== 'lv') {
    const speakers = candidates.filter((c) => c.languages.includes(replyLanguage));
    if (speakers.length > 0) return { staffId: fairest(speakers).id, reason: 'speaks_language' };
  }
  return { staffId: fairest(candidates).id, reason: 'fewest_open_cases' };
}
