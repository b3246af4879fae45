// S-7, S-14.5: information is given in Latvian, the state language; in
// another language only if an official of the responsible unit speaks it.
// Otherwise the client is told at once that the reply will be in Latvian.
export const STATE_LANGUAGE = 'lv';

export type ReplyLanguage = { requested: string; replyIn: string; fallbackToLatvian: boolean };

/**
 * @param requested the language the client asked for (ISO 639-1)
 * @param spokenByUnit the languages of each active official of the unit
 */
export function replyLanguage(requested: string, spokenByUnit: ReadonlyArray<readonly string[]>): ReplyLanguage {
  const code = requested.trim().toLowerCase();
  if (code === STATE_LANGUAGE) return { requested: code, replyIn: STATE_LANGUAGE, fallbackToLatvian: false };
  const someoneSpeaksIt = spokenByUnit.some((languages) => languages.some((l) => l.toLowerCase() === code));
  return someoneSpeaksIt
    ? { requested: code, replyIn: code, fallbackToLatvian: false }
    : { requested: code, replyIn: STATE_LANGUAGE, fallbackToLatvian: true };
}
