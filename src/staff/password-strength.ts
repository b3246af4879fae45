import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

// M2 (security review), ASVS 6.2.4 and 6.2.11: a new password is checked
// against the common and breached passwords and the words of its context
// (the institution's and the portal's names, the person's own name and
// e-mail) by a maintained estimator, zxcvbn-ts, with its common-password
// and English dictionaries, not by a list of our own. The person is told
// why a password is refused (the estimator's warning, in our words).

/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const PASSWORD_MIN_SCORE = 3;

/** The estimator's warnings we have words for; anything else reads as "easy to guess". */
export const PASSWORD_WARNINGS = [
  'straightRow',
  'keyPattern',
  'simpleRepeat',
  'extendedRepeat',
  'sequences',
  'recentYears',
  'dates',
  'topTen',
  'topHundred',
  'common',
  'similarToCommon',
  'wordByItself',
  'namesByThemselves',
  'commonNames',
  'userInputs',
] as const;
export type PasswordWarning = (typeof PASSWORD_WARNINGS)[number] | 'guessable';

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built once: the dictionaries are large, the checks are quick.
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    useLevenshteinDistance: true,
  });
  return estimator;
}

/** The words a password must not lean on: names and addresses split into their parts. */
export function contextWords(values: ReadonlyArray<string | null | undefined>): string[] {
  const words = values
    .filter((v): v is string => !!v)
    .flatMap((v) => [v, ...v.split(/[\s@.,_-]+/u)])
    .map((w) => w.trim().toLowerCase())
    .filter((w) => [...w].length >= 3);
  return [...new Set(words)];
}

/** Why the password is too easy to guess, or undefined when it is strong enough. */
export function guessablePassword(password: string, context: readonly string[]): PasswordWarning | undefined {
  const result = zxcvbn().check(password, [...context]);
  if (result.score >= PASSWORD_MIN_SCORE) return undefined;
  const warning = result.feedback.warning;
  return (PASSWORD_WARNINGS as readonly string[]).includes(warning ?? '') ? (warning as PasswordWarning) : 'guessable';
}
