import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';
import { unfilledProblem } from '#src/settings/templates.ts';
import { act, optional, parse, text, type ActionContext, type ActionResult } from './actions.ts';
import { SUGGESTION_DECISIONS } from './schema.ts';
import { hashStatusToken, newStatusToken } from './status-link.ts';

// The actions that end a case on its merits (mission.md M1, ux.md D3):
// a complaint closed with its outcome, a suggestion closed with its
// decision, an anonymous submission left unexamined with the reason. Each
// is a letter to the client when there is one to write to, and a line of
// the case's history the client can read through the status link.

/**
 * Q-4, S-5.3: a complaint is closed as justified (with the remedy taken) or
 * not. The client is told the outcome, the remedy and where to turn next;
 * a complaint not yet answered needs the answer's text, so no complaint
 * closes silently. An anonymous complaint is closed without a letter.
 */
export function closeComplaint(
  db: Database,
  ctx: ActionContext,
  input: { outcome: string; remedy: string; text: string },
): Promise<ActionResult> {
  return act(db, ctx, 'close_complaint', async (_tx, c, now) => {
    const p = parse(
      z.object({ outcome: z.enum(['justified', 'unjustified'], 'choose'), remedy: optional(5000), text: optional(20_000) }),
      input,
    );
    if ('problems' in p) return p;
    if (p.data.outcome === 'justified' && !p.data.remedy) return { problems: [{ field: 'remedy', key: 'remedyRequired' }] };
    const writes = !c.anonymous;
    if (writes && c.status !== 'answered' && !p.data.text) return { problems: [{ field: 'text', key: 'answerRequired' }] };
    const unfilled = unfilledProblem('text', p.data.text);
    if (unfilled) return unfilled;
    // A first answer gets its rating link (Q-2c), as an answer does.
    const ratingToken = writes && !c.ratingTokenHash ? newStatusToken() : undefined;
    return {
      set: {
        status: 'closed',
        complaintOutcome: p.data.outcome,
        complaintRemedy: p.data.remedy || null,
        closedAt: now,
        ...(writes ? { answeredAt: c.answeredAt ?? now } : {}),
        ...(ratingToken ? { ratingTokenHash: hashStatusToken(ratingToken) } : {}),
      },
      events: [
        {
          type: 'complaint_closed',
          visibleToClient: true,
          data: { outcome: p.data.outcome, remedy: p.data.remedy || null, text: p.data.text || null, channel: c.replyChannel },
        },
      ],
      ...(writes
        ? {
            mail: {
              kind: 'complaint_closed' as const,
              values: {
                outcome: p.data.outcome,
                remedy: p.data.remedy,
                text: p.data.text,
                ...(ratingToken ? { rateUrl: absoluteUrl(ctx.baseUrl, publicPaths.rating(c.locale, ratingToken)) } : {}),
              },
            },
          }
        : {}),
    };
  });
}

/**
 * S-4.8: a suggestion ends with its decision: to be implemented (what, and
 * by when), already in place, or not taken up (why). The client who left
 * contacts is told; an anonymous suggestion is closed without a letter.
 * The decision is counted in the suggestions report.
 */
export function decideSuggestion(
  db: Database,
  ctx: ActionContext,
  input: { decision: string; note: string; implementBy: string },
): Promise<ActionResult> {
  return act(db, ctx, 'decide_suggestion', async (_tx, c, now) => {
    const p = parse(z.object({ decision: z.enum(SUGGESTION_DECISIONS, 'choose'), note: text(5000), implementBy: optional(10) }), input);
    if ('problems' in p) return p;
    const unfilled = unfilledProblem('note', p.data.note);
    if (unfilled) return unfilled;
    let implementBy: string | null = null;
    if (p.data.decision === 'implement') {
      if (!p.data.implementBy) return { problems: [{ field: 'implementBy', key: 'implementByRequired' }] };
      const date = parseDateText(p.data.implementBy);
      if (!date) return { problems: [{ field: 'implementBy', key: 'date' }] };
      if (date < rigaDateOf(now)) return { problems: [{ field: 'implementBy', key: 'notPast' }] };
      implementBy = date;
    }
    const writes = !c.anonymous;
    return {
      set: {
        status: 'closed',
        suggestionDecision: p.data.decision,
        suggestionDecisionNote: p.data.note,
        suggestionImplementBy: implementBy,
        closedAt: now,
        ...(writes ? { answeredAt: c.answeredAt ?? now } : {}),
      },
      events: [
        {
          type: 'suggestion_decided',
          visibleToClient: true,
          data: { decision: p.data.decision, note: p.data.note, implementBy, channel: c.replyChannel },
        },
      ],
      ...(writes
        ? {
            mail: {
              kind: 'suggestion_decided' as const,
              values: { decision: p.data.decision, note: p.data.note, implementBy: implementBy ?? '' },
            },
          }
        : {}),
    };
  });
}

/**
 * latvia.md: an anonymous submission may be left unexamined (the
 * `not_examined` status), with the reason on record; nobody can be written
 * to, but whoever holds the status link reads the reason there.
 */
export function closeUnexamined(db: Database, ctx: ActionContext, input: { reason: string }): Promise<ActionResult> {
  return act(db, ctx, 'close_unexamined', async (_tx, _c, now) => {
    const p = parse(z.object({ reason: text(5000) }), input);
    if ('problems' in p) return p;
    return {
      set: { status: 'not_examined', closedAt: now },
      events: [{ type: 'left_unexamined', visibleToClient: true, data: { reason: p.data.reason } }],
    };
  });
}
