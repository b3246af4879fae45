ALTER TABLE "open_case_counts" DROP CONSTRAINT "open_case_counts_key";--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" DROP CONSTRAINT "quality_deadline_monthly_key";--> statement-breakpoint
ALTER TABLE "quality_open_due" DROP CONSTRAINT "quality_open_due_key";--> statement-breakpoint
ALTER TABLE "open_case_counts" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_open_due" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "open_case_counts" ADD CONSTRAINT "open_case_counts_key" UNIQUE NULLS NOT DISTINCT("unit_id","assignee_id","status","kind","channel","topic_id","slot");--> statement-breakpoint
ALTER TABLE "quality_deadline_monthly" ADD CONSTRAINT "quality_deadline_monthly_key" UNIQUE NULLS NOT DISTINCT("month","unit_id","topic_id","kind","reply_channel","channel","working_days","slot");--> statement-breakpoint
ALTER TABLE "quality_open_due" ADD CONSTRAINT "quality_open_due_key" UNIQUE NULLS NOT DISTINCT("due_on","unit_id","topic_id","kind","reply_channel","channel","slot");
--> statement-breakpoint
-- Issue 18 (docs/0031): every Send added one to the same rollup rows (the
-- day's, the unit's, the official's), and a row updated by every Send admits
-- one at a time: each waited for the one before it to commit. Each key now
-- has up to eight rows, a case always counted in the row of its id modulo 8
-- (so that taking it away later finds the row that counted it), and readers
-- sum them, as they already did across keys. Cases numbered one after the
-- other update different rows.
CREATE OR REPLACE FUNCTION quality_deadline_apply(changed cases[], sign integer, only_done boolean DEFAULT false) RETURNS void LANGUAGE plpgsql
  -- Planned once per connection, not at every call: a LANGUAGE sql function
  -- is planned again at each call before PostgreSQL 18, and the sessions'
  -- plan_cache_mode (db/client.ts) would plan this for its values each time.
  -- A generic plan suits the few cases of one statement; many (a calendar
  -- day changed, a backfill) are planned for their number.
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF coalesce(cardinality(changed), 0) > 64 THEN
    PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
  END IF;
  WITH c AS (
    SELECT (id % 8)::smallint AS slot, unit_id, topic_id, kind, reply_channel, channel, received_on, due_on,
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
  parts (month, unit_id, topic_id, kind, reply_channel, channel, slot, working_days, received, done, on_time, late, no_deadline, overdue, delays) AS (
    SELECT received_month, unit_id, topic_id, kind, reply_channel, channel, slot, NULL::integer, 1, 0, 0, 0, 0, 0, 0
    FROM c2 WHERE NOT only_done
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, channel, slot, (b.n - a.n)::integer, 0, 1,
           CASE WHEN done_on <= due_on THEN 1 ELSE 0 END, CASE WHEN done_on > due_on THEN 1 ELSE 0 END,
           CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, 0, 0
    FROM c2 JOIN ordinal a ON a.day = c2.received_on JOIN ordinal b ON b.day = c2.done_on
    UNION ALL
    SELECT overdue_from, unit_id, topic_id, kind, reply_channel, channel, slot, NULL::integer, 0, 0, 0, 0, 0, 1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_month IS NULL OR done_month > overdue_from)
    UNION ALL
    SELECT done_month, unit_id, topic_id, kind, reply_channel, channel, slot, NULL::integer, 0, 0, 0, 0, 0, -1, 0
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND done_month > overdue_from
    UNION ALL
    -- A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    SELECT date_trunc('month', due_on)::date, unit_id, topic_id, kind, reply_channel, channel, slot, NULL::integer, 0, 0, 0, 0, 0, 0, 1
    FROM c2 WHERE NOT only_done AND due_on IS NOT NULL AND (done_on IS NULL OR done_on > due_on)
  )
  INSERT INTO quality_deadline_monthly AS m (month, unit_id, topic_id, kind, reply_channel, channel, slot, working_days, received, done, on_time, late, no_deadline, overdue, delays)
  SELECT month, unit_id, topic_id, kind, reply_channel, channel, slot, working_days,
         sign * sum(received), sign * sum(done), sign * sum(on_time), sign * sum(late), sign * sum(no_deadline), sign * sum(overdue), sign * sum(delays)
  FROM parts
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT quality_deadline_monthly_key DO UPDATE SET
    received = m.received + excluded.received, done = m.done + excluded.done, on_time = m.on_time + excluded.on_time,
    late = m.late + excluded.late, no_deadline = m.no_deadline + excluded.no_deadline, overdue = m.overdue + excluded.overdue,
    delays = m.delays + excluded.delays;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION quality_report_apply(changed cases[], sign integer) RETURNS void LANGUAGE plpgsql
  -- Planned once per connection, not at every call: a LANGUAGE sql function
  -- is planned again at each call before PostgreSQL 18, and the sessions'
  -- plan_cache_mode (db/client.ts) would plan this for its values each time.
  -- A generic plan suits the few cases of one statement; many (a calendar
  -- day changed, a backfill) are planned for their number.
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF coalesce(cardinality(changed), 0) > 64 THEN
    PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
  END IF;
  INSERT INTO quality_complaint_monthly AS m (month, unit_id, topic_id, closed, justified)
  SELECT date_trunc('month', closed_at AT TIME ZONE 'Europe/Riga')::date, unit_id, topic_id,
         sign * count(*), sign * count(*) FILTER (WHERE complaint_outcome = 'justified')
  FROM unnest(changed)
  WHERE kind = 'complaint' AND status = 'closed' AND closed_at IS NOT NULL
  GROUP BY 1, 2, 3
  ON CONFLICT ON CONSTRAINT quality_complaint_monthly_key DO UPDATE SET
    closed = m.closed + excluded.closed, justified = m.justified + excluded.justified;
  INSERT INTO quality_open_due AS m (due_on, unit_id, topic_id, kind, reply_channel, channel, slot, open)
  SELECT due_on, unit_id, topic_id, kind, reply_channel, channel, (id % 8)::smallint, sign * count(*)
  FROM unnest(changed)
  WHERE due_on IS NOT NULL AND coalesce(answered_at, closed_at) IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT quality_open_due_key DO UPDATE SET open = m.open + excluded.open;
  -- Open cases end; their rows would pile up at zero, one per past due date.
  DELETE FROM quality_open_due WHERE open = 0 AND due_on IN (SELECT due_on FROM unnest(changed) WHERE due_on IS NOT NULL);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION open_case_counts_apply(changed cases[], sign integer) RETURNS void LANGUAGE plpgsql
  -- Planned once per connection, not at every call: a LANGUAGE sql function
  -- is planned again at each call before PostgreSQL 18, and the sessions'
  -- plan_cache_mode (db/client.ts) would plan this for its values each time.
  -- A generic plan suits the few cases of one statement; many (a calendar
  -- day changed, a backfill) are planned for their number.
  SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  IF coalesce(cardinality(changed), 0) > 64 THEN
    PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
  END IF;
  INSERT INTO open_case_counts AS o (unit_id, assignee_id, status, kind, channel, topic_id, slot, n)
  SELECT unit_id, assignee_id, status, kind, channel, topic_id, (id % 8)::smallint, sign * count(*)::integer
  FROM unnest(changed)
  WHERE status IN ('received', 'in_progress')
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT open_case_counts_key DO UPDATE SET n = o.n + excluded.n;
END
$$;
--> statement-breakpoint
-- The rows counted before: counted again into their slots.
DELETE FROM open_case_counts;
--> statement-breakpoint
INSERT INTO open_case_counts (unit_id, assignee_id, status, kind, channel, topic_id, slot, n)
SELECT unit_id, assignee_id, status, kind, channel, topic_id, (id % 8)::smallint, count(*)::integer
FROM cases WHERE status IN ('received', 'in_progress')
GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
DELETE FROM quality_open_due;
--> statement-breakpoint
INSERT INTO quality_open_due (due_on, unit_id, topic_id, kind, reply_channel, channel, slot, open)
SELECT due_on, unit_id, topic_id, kind, reply_channel, channel, (id % 8)::smallint, count(*)::integer
FROM cases WHERE due_on IS NOT NULL AND coalesce(answered_at, closed_at) IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
DELETE FROM quality_deadline_monthly;
--> statement-breakpoint
DO $$
DECLARE
  m timestamptz;
BEGIN
  -- A month of receipt at a time, as drizzle/0021 did.
  FOR m IN SELECT DISTINCT date_trunc('month', received_at) FROM cases LOOP
    PERFORM quality_deadline_apply((SELECT array_agg(c) FROM cases c WHERE received_at >= m AND received_at < m + interval '1 month'), 1);
  END LOOP;
END
$$;
