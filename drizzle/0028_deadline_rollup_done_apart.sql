-- Issue 18 (docs/0031, stop 31): the deadline rollup's function counts the
-- cases done (answered or closed, with the working days it took) in a
-- statement of its own, run only when a case in hand is done. A new case
-- (every Send) is never done, yet each Send ran the whole statement: the
-- working-day calendar read and numbered day by day, and five branches of
-- figures started for one row. The figures are the same: each statement
-- adds its own rows to the same upsert, and the model test
-- (test/db/deadline-rollup.test.ts) holds the rollup to a recount.
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
  -- Received, open and overdue at a month's end, delays: from the dates alone.
  IF NOT only_done THEN
    WITH c AS (
      SELECT (id % 8)::smallint AS slot, unit_id, topic_id, kind, reply_channel, channel, due_on,
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
    parts (month, unit_id, topic_id, kind, reply_channel, channel, slot, received, overdue, delays) AS (
      SELECT received_month, unit_id, topic_id, kind, reply_channel, channel, slot, 1, 0, 0
      FROM c2
      UNION ALL
      SELECT overdue_from, unit_id, topic_id, kind, reply_channel, channel, slot, 0, 1, 0
      FROM c2 WHERE due_on IS NOT NULL AND (done_month IS NULL OR done_month > overdue_from)
      UNION ALL
      SELECT done_month, unit_id, topic_id, kind, reply_channel, channel, slot, 0, -1, 0
      FROM c2 WHERE due_on IS NOT NULL AND done_month > overdue_from
      UNION ALL
      -- A delay is counted once, in the month its deadline fell: done after it, or not done at all.
      SELECT date_trunc('month', due_on)::date, unit_id, topic_id, kind, reply_channel, channel, slot, 0, 0, 1
      FROM c2 WHERE due_on IS NOT NULL AND (done_on IS NULL OR done_on > due_on)
    )
    INSERT INTO quality_deadline_monthly AS m (month, unit_id, topic_id, kind, reply_channel, channel, slot, working_days, received, done, on_time, late, no_deadline, overdue, delays)
    SELECT month, unit_id, topic_id, kind, reply_channel, channel, slot, NULL::integer,
           sign * sum(received), 0, 0, 0, 0, sign * sum(overdue), sign * sum(delays)
    FROM parts
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT quality_deadline_monthly_key DO UPDATE SET
      received = m.received + excluded.received, overdue = m.overdue + excluded.overdue, delays = m.delays + excluded.delays;
  END IF;
  -- Done: on time or late, and the working days from receipt to the answer
  -- (the calendar numbered day by day), only for the cases in hand that are done.
  IF EXISTS (SELECT 1 FROM unnest(changed) WHERE coalesce(answered_at, closed_at) IS NOT NULL) THEN
    WITH c AS (
      SELECT (id % 8)::smallint AS slot, unit_id, topic_id, kind, reply_channel, channel, received_on, due_on,
             (coalesce(answered_at, closed_at) AT TIME ZONE 'Europe/Riga')::date AS done_on
      FROM unnest(changed)
      WHERE coalesce(answered_at, closed_at) IS NOT NULL
    ),
    days AS (
      SELECT d::date AS day, CASE WHEN cd.kind IS NOT NULL THEN cd.kind = 'working_day' ELSE extract(isodow FROM d) < 6 END AS working
      FROM generate_series((SELECT least(min(received_on), min(done_on)) FROM c), (SELECT greatest(max(received_on), max(done_on)) FROM c), interval '1 day') d
      LEFT JOIN calendar_days cd ON cd.date = d::date
    ),
    ordinal AS (SELECT day, sum(CASE WHEN working THEN 1 ELSE 0 END) OVER (ORDER BY day) AS n FROM days)
    INSERT INTO quality_deadline_monthly AS m (month, unit_id, topic_id, kind, reply_channel, channel, slot, working_days, received, done, on_time, late, no_deadline, overdue, delays)
    SELECT date_trunc('month', done_on)::date, unit_id, topic_id, kind, reply_channel, channel, slot, (b.n - a.n)::integer,
           0, sign * count(*), sign * count(*) FILTER (WHERE done_on <= due_on), sign * count(*) FILTER (WHERE done_on > due_on),
           sign * count(*) FILTER (WHERE due_on IS NULL), 0, 0
    FROM c JOIN ordinal a ON a.day = c.received_on JOIN ordinal b ON b.day = c.done_on
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT quality_deadline_monthly_key DO UPDATE SET
      done = m.done + excluded.done, on_time = m.on_time + excluded.on_time, late = m.late + excluded.late,
      no_deadline = m.no_deadline + excluded.no_deadline;
  END IF;
END
$$;
