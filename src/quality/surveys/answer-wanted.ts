import type { Database } from '#src/db/client.ts';
import { localName } from '#src/i18n/local-name.ts';
import { translator } from '#src/i18n/index.ts';
import { saveDraft } from '#src/intake/queries.ts';
import { submitDraft } from '#src/intake/submit.ts';
import { publicBaseUrl } from '#src/platform/request.ts';
import type { surveys } from '#src/quality/schema.ts';

type Survey = typeof surveys.$inferSelect;
import type { SurveyContact } from './rules.ts';

// A survey comment whose writer asked for an answer is a question to the
// institution: it becomes a case like any other (routed through triage,
// with its deadline, its acknowledgement and status link, its reminders),
// so the survey's promise "we will write to you" is kept by the same
// machinery that keeps every other (S-4.2, S-6; issue 13 "promises that
// must be true"). The response itself stays anonymous in the figures.

export async function openCaseForSurveyComment(
  db: Database,
  input: { survey: Pick<Survey, 'titleLv' | 'titleEn'>; comment: string; contact: SurveyContact; locale: string; now: Date },
): Promise<{ reference: string }> {
  const t = translator(input.locale);
  const details = `${t('survey:answerCase.intro', { survey: localName(input.survey, input.locale, 'title') })}\n\n${input.comment}`;
  const draftId = await saveDraft(db, {
    kind: 'question',
    locale: input.locale,
    fields: {
      topic: 'unknown',
      details,
      name: input.contact.name ?? '',
      email: input.contact.email,
      replyChannel: 'email',
      replyLanguage: input.locale,
    },
    removeAttachmentIds: [],
    attachments: [],
  });
  const sent = await submitDraft(db, draftId, { baseUrl: publicBaseUrl(), now: input.now });
  // The comment passed the survey's rules; a question that fails intake's must not pass silently.
  if (!sent.ok) throw new Error(`a survey comment wanting an answer could not become a case (${sent.reason})`);
  return { reference: sent.reference };
}
