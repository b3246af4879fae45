CREATE TABLE "quality_comment_monthly" (
	"month" date NOT NULL,
	"survey_id" integer NOT NULL,
	"unit_id" integer,
	"topic_id" integer,
	"comments" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quality_comment_monthly_key" UNIQUE NULLS NOT DISTINCT("month","survey_id","unit_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "quality_complaint_monthly" (
	"month" date NOT NULL,
	"unit_id" integer,
	"topic_id" integer,
	"closed" integer DEFAULT 0 NOT NULL,
	"justified" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quality_complaint_monthly_key" UNIQUE NULLS NOT DISTINCT("month","unit_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "quality_open_due" (
	"due_on" date NOT NULL,
	"unit_id" integer,
	"topic_id" integer,
	"kind" text NOT NULL,
	"reply_channel" text,
	"channel" text NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quality_open_due_key" UNIQUE NULLS NOT DISTINCT("due_on","unit_id","topic_id","kind","reply_channel","channel")
);
--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" DROP CONSTRAINT "quality_deadline_monthly_key";--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" ADD COLUMN "channel" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_justified_complaints" ON "cases" USING btree ("closed_at","id") WHERE "cases"."kind" = 'complaint' and "cases"."status" = 'closed' and "cases"."complaint_outcome" = 'justified';--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" ADD CONSTRAINT "quality_deadline_monthly_key" UNIQUE NULLS NOT DISTINCT("month","unit_id","topic_id","kind","reply_channel","channel","working_days");--> statement-breakpoint
-- Q-5b (docs/0032): quality_deadline_monthly gets the arrival channel
-- (cases.channel, issue 16) as a key, so the report's arrival filter reads
-- the rollup as every other view does. The same function as in
-- drizzle/0016, with the channel carried through.
CREATE OR REPLACE FUNCTION quality_deadline_apply(changed cases[], sign integer, only_done boolean DEFAULT false) RETURNS void LANGUAGE sql AS $$
  WITH c AS (
    SELECT unit_id, topic_id, kind, reply_channel, channel, received_on, due_on,
           date_trunc('month', received_at AT TIME ZONE 'Europe/Riga')::date AS received_month,
           (coalesce(answered_at, closed_at) AT TIME ZONE 'Europe/Riga')::date AS done_on
    FROM unnest(changed)
  ),
  c2 AS (
    -- The month from which a case is open and overdue at a month's end: when it was received and its deadline had passed.
    SELECT c.*, date_trunc('month', done_on)::date AS done_month,
           greatest(received_month, date_trunc('month', due_on)::date) AS overdue_from
    FROM c
  ),
  days AS (
    SELECT d::date AS day, CASE WHEN cd.kind IS NOT NULL THEN cd.kind = 'working_day' ELSE extract(isodow FROM d) < 6 END AS working
    FROM generate_series((SELECT least(min(received_on), min(done_on)) FROM c), (SELECT greatest(max(received_on), max(done_on)) FROM c), interval '1 day') d
    LEFT JOIN calendar_days cd ON cd.date = d::date
  ),
  ordinal AS (SELECT day, sum(CASE WHEN working THEN 1 ELSE 0 END) OVER (ORDER BY day) AS n FROM days),
  parts (month, unit_id, topic_id, kind, reply_channel, channel, working_days, received, done, on_time, late, no_deadline, overdue, delays) AS (
    SELECT received_month, unit_id, topic_id, kind, reply_channel, channel, NULL::integer, 1, 0, 0, 0, 0, 0, 0
    FROM c2 WHERE NOT only_done
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, channel, (b.n - a.n)::integer, 0, 1,
           CASE WHEN done_on <= due_on THEN 1 ELSE 0 END, CASE WHEN done_on > due_on THEN 1 ELSE 0 END,
           CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, 0, 0
    FROM c2 JOIN ordinal a ON a.day = c2.received_on JOIN ordinal b ON b.day = c2.done_on
    UNION ALL
    SELECT overdue_from, unit_id, topic_id, kind, reply_channel, channel, NULL::integer, 0, 0, 0, 0, 0, 1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_month IS NULL OR done_month > overdue_from)
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, channel, NULL::integer, 0, 0, 0, 0, 0, -1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND done_month > overdue_from
    UNION ALL
    -- A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    SELECT date_trunc('month', due_on)::date, unit_id, topic_id, kind, reply_channel, channel, NULL::integer, 0, 0, 0, 0, 0, 0, 1
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_on IS NULL OR done_on > due_on)
  )
  INSERT INTO quality_deadline_monthly AS m (month, unit_id, topic_id, kind, reply_channel, channel, working_days, received, done, on_time, late, no_deadline, overdue, delays)
  SELECT month, unit_id, topic_id, kind, reply_channel, channel, working_days,
         sign * sum(received), sign * sum(done), sign * sum(on_time), sign * sum(late), sign * sum(no_deadline), sign * sum(overdue), sign * sum(delays)
  FROM parts
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT quality_deadline_monthly_key DO UPDATE SET
    received = m.received + excluded.received, done = m.done + excluded.done, on_time = m.on_time + excluded.on_time,
    late = m.late + excluded.late, no_deadline = m.no_deadline + excluded.no_deadline, overdue = m.overdue + excluded.overdue,
    delays = m.delays + excluded.delays
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION quality_deadline_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    PERFORM quality_deadline_apply((
      SELECT array_agg(ROW(o.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.received_at, o.received_on, o.due_on, o.answered_at, o.closed_at)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.received_at, n.received_on, n.due_on, n.answered_at, n.closed_at)), -1);
    PERFORM quality_deadline_apply((
      SELECT array_agg(ROW(n.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.received_at, o.received_on, o.due_on, o.answered_at, o.closed_at)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.received_at, n.received_on, n.due_on, n.answered_at, n.closed_at)), 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Issue 18 (docs/0032): what the given cases add to quality_complaint_monthly
-- (Q-4: complaints standing closed, by Riga month of closing, unit, topic)
-- and to quality_open_due (Q-5b: cases not yet done, by due date), times
-- `sign` (1 to add, -1 to take away). The same conditions as the reports'
-- counts of cases: a complaint counts where it stands now (status closed,
-- closed_at set); a case is open while neither answered nor closed.
CREATE FUNCTION quality_report_apply(changed cases[], sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO quality_complaint_monthly AS m (month, unit_id, topic_id, closed, justified)
  SELECT date_trunc('month', closed_at AT TIME ZONE 'Europe/Riga')::date, unit_id, topic_id,
         sign * count(*), sign * count(*) FILTER (WHERE complaint_outcome = 'justified')
  FROM unnest(changed)
  WHERE kind = 'complaint' AND status = 'closed' AND closed_at IS NOT NULL
  GROUP BY 1, 2, 3
  ON CONFLICT ON CONSTRAINT quality_complaint_monthly_key DO UPDATE SET
    closed = m.closed + excluded.closed, justified = m.justified + excluded.justified;
  INSERT INTO quality_open_due AS m (due_on, unit_id, topic_id, kind, reply_channel, channel, open)
  SELECT due_on, unit_id, topic_id, kind, reply_channel, channel, sign * count(*)
  FROM unnest(changed)
  WHERE due_on IS NOT NULL AND coalesce(answered_at, closed_at) IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT quality_open_due_key DO UPDATE SET open = m.open + excluded.open;
  -- Open cases end; their rows would pile up at zero, one per past due date.
  DELETE FROM quality_open_due WHERE open = 0 AND due_on IN (SELECT due_on FROM unnest(changed) WHERE due_on IS NOT NULL);
$$;
--> statement-breakpoint
-- Statement triggers with transition tables, as quality_deadline_count
-- (drizzle/0016): an update takes away what the changed cases counted before
-- and adds what they count now, for the cases whose counted columns changed.
CREATE FUNCTION quality_report_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM quality_report_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM quality_report_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    PERFORM quality_report_apply((
      SELECT array_agg(ROW(o.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.status, o.due_on, o.answered_at, o.closed_at, o.complaint_outcome)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.status, n.due_on, n.answered_at, n.closed_at, n.complaint_outcome)), -1);
    PERFORM quality_report_apply((
      SELECT array_agg(ROW(n.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.status, o.due_on, o.answered_at, o.closed_at, o.complaint_outcome)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.status, n.due_on, n.answered_at, n.closed_at, n.complaint_outcome)), 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER quality_report_count_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_report_count();
--> statement-breakpoint
CREATE TRIGGER quality_report_count_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_report_count();
--> statement-breakpoint
CREATE TRIGGER quality_report_count_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_report_count();
--> statement-breakpoint
-- Q-3 (docs/0032): the comments per Riga month, survey, unit and topic.
-- Written straight from the transition tables (a response's comment is
-- cleared by an erasure, data-requests.ts): no array of a million rows.
CREATE FUNCTION quality_comment_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO quality_comment_monthly AS m (month, survey_id, unit_id, topic_id, comments)
    SELECT date_trunc('month', n.submitted_at AT TIME ZONE 'Europe/Riga')::date, n.survey_id, n.unit_id, n.topic_id, count(*)
    FROM new_responses n WHERE n.comment IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT quality_comment_monthly_key DO UPDATE SET comments = m.comments + excluded.comments;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO quality_comment_monthly AS m (month, survey_id, unit_id, topic_id, comments)
    SELECT date_trunc('month', o.submitted_at AT TIME ZONE 'Europe/Riga')::date, o.survey_id, o.unit_id, o.topic_id, -count(*)
    FROM old_responses o WHERE o.comment IS NOT NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT quality_comment_monthly_key DO UPDATE SET comments = m.comments + excluded.comments;
  ELSE
    INSERT INTO quality_comment_monthly AS m (month, survey_id, unit_id, topic_id, comments)
    SELECT month, survey_id, unit_id, topic_id, sum(n)
    FROM (
      SELECT date_trunc('month', o.submitted_at AT TIME ZONE 'Europe/Riga')::date AS month, o.survey_id, o.unit_id, o.topic_id, -1 AS n
      FROM old_responses o JOIN new_responses c ON c.id = o.id
      WHERE o.comment IS NOT NULL
        AND (o.comment IS NULL, o.submitted_at, o.survey_id, o.unit_id, o.topic_id) IS DISTINCT FROM (c.comment IS NULL, c.submitted_at, c.survey_id, c.unit_id, c.topic_id)
      UNION ALL
      SELECT date_trunc('month', c.submitted_at AT TIME ZONE 'Europe/Riga')::date, c.survey_id, c.unit_id, c.topic_id, 1
      FROM old_responses o JOIN new_responses c ON c.id = o.id
      WHERE c.comment IS NOT NULL
        AND (o.comment IS NULL, o.submitted_at, o.survey_id, o.unit_id, o.topic_id) IS DISTINCT FROM (c.comment IS NULL, c.submitted_at, c.survey_id, c.unit_id, c.topic_id)
    ) changed
    GROUP BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT quality_comment_monthly_key DO UPDATE SET comments = m.comments + excluded.comments;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER quality_comment_count_insert AFTER INSERT ON survey_responses
  REFERENCING NEW TABLE AS new_responses FOR EACH STATEMENT EXECUTE FUNCTION quality_comment_count();
--> statement-breakpoint
CREATE TRIGGER quality_comment_count_update AFTER UPDATE ON survey_responses
  REFERENCING OLD TABLE AS old_responses NEW TABLE AS new_responses FOR EACH STATEMENT EXECUTE FUNCTION quality_comment_count();
--> statement-breakpoint
CREATE TRIGGER quality_comment_count_delete AFTER DELETE ON survey_responses
  REFERENCING OLD TABLE AS old_responses FOR EACH STATEMENT EXECUTE FUNCTION quality_comment_count();
--> statement-breakpoint
-- The cases and comments made before this migration: cases a month of
-- receipt at a time (one array of every case would hold the whole table).
-- The deadline rollup is counted again, now by arrival channel too.
DELETE FROM quality_deadline_monthly;
--> statement-breakpoint
DO $$
DECLARE
  m timestamptz;
  changed cases[];
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', received_at) FROM cases LOOP
    changed := (SELECT array_agg(c) FROM cases c WHERE received_at >= m AND received_at < m + interval '1 month');
    PERFORM quality_deadline_apply(changed, 1);
    PERFORM quality_report_apply(changed, 1);
  END LOOP;
END
$$;
--> statement-breakpoint
INSERT INTO quality_comment_monthly (month, survey_id, unit_id, topic_id, comments)
SELECT date_trunc('month', submitted_at AT TIME ZONE 'Europe/Riga')::date, survey_id, unit_id, topic_id, count(*)
FROM survey_responses WHERE comment IS NOT NULL
GROUP BY 1, 2, 3, 4;
