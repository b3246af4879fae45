CREATE TABLE "quality_deadline_monthly" (
	"month" date NOT NULL,
	"unit_id" integer,
	"topic_id" integer,
	"kind" text NOT NULL,
	"reply_channel" text,
	"working_days" integer,
	"received" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"no_deadline" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"delays" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "quality_deadline_monthly_key" UNIQUE NULLS NOT DISTINCT("month","unit_id","topic_id","kind","reply_channel","working_days")
);
--> statement-breakpoint
CREATE INDEX "quality_deadline_monthly_unit" ON "quality_deadline_monthly" USING btree ("unit_id","month");--> statement-breakpoint
CREATE INDEX "quality_deadline_monthly_overdue" ON "quality_deadline_monthly" USING btree ("month","unit_id") WHERE "quality_deadline_monthly"."overdue" <> 0;--> statement-breakpoint
CREATE INDEX "cases_open_due" ON "cases" USING btree ("due_on") WHERE coalesce("cases"."answered_at", "cases"."closed_at") is null;
--> statement-breakpoint
-- Q-5b (docs/0024): what the given cases add to quality_deadline_monthly,
-- times `sign` (1 to add, -1 to take away). The same figures as the report's
-- count of cases: months are Riga months; a case is done when first answered
-- or closed; working days count the working days after the day of receipt
-- up to the day of the answer, with calendar_days' exceptions. `only_done`
-- recounts just the done figures (after a change of the calendar).
CREATE FUNCTION quality_deadline_apply(changed cases[], sign integer, only_done boolean DEFAULT false) RETURNS void LANGUAGE sql AS $$
  WITH c AS (
    SELECT unit_id, topic_id, kind, reply_channel, received_on, due_on,
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
  parts (month, unit_id, topic_id, kind, reply_channel, working_days, received, done, on_time, late, no_deadline, overdue, delays) AS (
    SELECT received_month, unit_id, topic_id, kind, reply_channel, NULL::integer, 1, 0, 0, 0, 0, 0, 0
    FROM c2 WHERE NOT only_done
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, (b.n - a.n)::integer, 0, 1,
           CASE WHEN done_on <= due_on THEN 1 ELSE 0 END, CASE WHEN done_on > due_on THEN 1 ELSE 0 END,
           CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, 0, 0
    FROM c2 JOIN ordinal a ON a.day = c2.received_on JOIN ordinal b ON b.day = c2.done_on
    UNION ALL
    SELECT overdue_from, unit_id, topic_id, kind, reply_channel, NULL::integer, 0, 0, 0, 0, 0, 1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_month IS NULL OR done_month > overdue_from)
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, NULL::integer, 0, 0, 0, 0, 0, -1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND done_month > overdue_from
    UNION ALL
    -- A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    SELECT date_trunc('month', due_on)::date, unit_id, topic_id, kind, reply_channel, NULL::integer, 0, 0, 0, 0, 0, 0, 1
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_on IS NULL OR done_on > due_on)
  )
  INSERT INTO quality_deadline_monthly AS m (month, unit_id, topic_id, kind, reply_channel, working_days, received, done, on_time, late, no_deadline, overdue, delays)
  SELECT month, unit_id, topic_id, kind, reply_channel, working_days,
         sign * sum(received), sign * sum(done), sign * sum(on_time), sign * sum(late), sign * sum(no_deadline), sign * sum(overdue), sign * sum(delays)
  FROM parts
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT quality_deadline_monthly_key DO UPDATE SET
    received = m.received + excluded.received, done = m.done + excluded.done, on_time = m.on_time + excluded.on_time,
    late = m.late + excluded.late, no_deadline = m.no_deadline + excluded.no_deadline, overdue = m.overdue + excluded.overdue,
    delays = m.delays + excluded.delays
$$;
--> statement-breakpoint
-- Statement triggers with transition tables: one aggregate per statement,
-- however many cases it writes; an update takes away what the cases counted
-- before and adds what they count now, for the cases whose counted columns changed.
CREATE FUNCTION quality_deadline_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    PERFORM quality_deadline_apply((
      SELECT array_agg(ROW(o.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.received_at, o.received_on, o.due_on, o.answered_at, o.closed_at)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.received_at, n.received_on, n.due_on, n.answered_at, n.closed_at)), -1);
    PERFORM quality_deadline_apply((
      SELECT array_agg(ROW(n.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.received_at, o.received_on, o.due_on, o.answered_at, o.closed_at)
            IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.received_at, n.received_on, n.due_on, n.answered_at, n.closed_at)), 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER quality_deadline_count_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_count();
--> statement-breakpoint
CREATE TRIGGER quality_deadline_count_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_count();
--> statement-breakpoint
CREATE TRIGGER quality_deadline_count_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_count();
--> statement-breakpoint
-- A change of the working-day calendar changes the working days of the
-- answers given across it, as the report counted them before the rollup:
-- the done figures are recounted from the first month the change can touch
-- (calendar changes are rare and mostly for the coming year: few cases).
CREATE FUNCTION quality_deadline_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  first_day date;
  from_month date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT min(date) INTO first_day FROM new_days;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT min(date) INTO first_day FROM old_days;
  ELSE
    SELECT least((SELECT min(date) FROM new_days), (SELECT min(date) FROM old_days)) INTO first_day;
  END IF;
  IF first_day IS NULL THEN
    RETURN NULL;
  END IF;
  from_month := date_trunc('month', first_day)::date;
  DELETE FROM quality_deadline_monthly WHERE working_days IS NOT NULL AND month >= from_month;
  PERFORM quality_deadline_apply((
    SELECT array_agg(c) FROM cases c
    WHERE coalesce(c.answered_at, c.closed_at) >= (from_month::timestamp AT TIME ZONE 'Europe/Riga')), 1, true);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER quality_deadline_calendar_insert AFTER INSERT ON calendar_days
  REFERENCING NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_calendar();
--> statement-breakpoint
CREATE TRIGGER quality_deadline_calendar_update AFTER UPDATE ON calendar_days
  REFERENCING OLD TABLE AS old_days NEW TABLE AS new_days FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_calendar();
--> statement-breakpoint
CREATE TRIGGER quality_deadline_calendar_delete AFTER DELETE ON calendar_days
  REFERENCING OLD TABLE AS old_days FOR EACH STATEMENT EXECUTE FUNCTION quality_deadline_calendar();
--> statement-breakpoint
-- The cases made before this migration, a month of receipt at a time (one
-- array of every case would hold the whole table in memory).
DO $$
DECLARE
  m timestamptz;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', received_at) FROM cases LOOP
    PERFORM quality_deadline_apply((
      SELECT array_agg(c) FROM cases c WHERE received_at >= m AND received_at < m + interval '1 month'), 1);
  END LOOP;
END
$$;
