CREATE TABLE "open_case_counts" (
	"unit_id" integer NOT NULL,
	"assignee_id" integer,
	"status" text NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"topic_id" integer,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "open_case_counts_key" UNIQUE NULLS NOT DISTINCT("unit_id","assignee_id","status","kind","channel","topic_id")
);
--> statement-breakpoint
CREATE INDEX "cases_due_key" ON "cases" USING btree (coalesce(due_on, 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "cases_open_assignee_due" ON "cases" USING btree ("assignee_id",coalesce(due_on, 'infinity'::date),"id","due_on","status","kind","channel","topic_id") WHERE status in ('received', 'in_progress');--> statement-breakpoint
CREATE INDEX "cases_open_unit_due" ON "cases" USING btree ("unit_id",coalesce(due_on, 'infinity'::date),"id","due_on","assignee_id","status","kind","channel","topic_id") WHERE status in ('received', 'in_progress');--> statement-breakpoint
CREATE INDEX "cases_open_due_key" ON "cases" USING btree (coalesce(due_on, 'infinity'::date),"id","due_on","unit_id","assignee_id","status","kind","channel","topic_id") WHERE status in ('received', 'in_progress');--> statement-breakpoint
-- Issue 18 (docs/0029): what the given cases add to open_case_counts, times
-- `sign` (1 to add, -1 to take away); only the open ones count. Keys are
-- written in one order, so that two statements wait for each other rather
-- than deadlock.
CREATE FUNCTION open_case_counts_apply(changed cases[], sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO open_case_counts AS o (unit_id, assignee_id, status, kind, channel, topic_id, n)
  SELECT unit_id, assignee_id, status, kind, channel, topic_id, sign * count(*)::integer
  FROM unnest(changed)
  WHERE status IN ('received', 'in_progress')
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT open_case_counts_key DO UPDATE SET n = o.n + excluded.n
$$;
--> statement-breakpoint
-- One aggregate per statement, however many cases it writes; an update takes
-- away what the cases counted before and adds what they count now, for the
-- cases whose counted columns changed.
CREATE FUNCTION open_case_counts_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM open_case_counts_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM open_case_counts_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    PERFORM open_case_counts_apply((
      SELECT array_agg(ROW(o.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.assignee_id, o.status, o.kind, o.channel, o.topic_id)
            IS DISTINCT FROM (n.unit_id, n.assignee_id, n.status, n.kind, n.channel, n.topic_id)), -1);
    PERFORM open_case_counts_apply((
      SELECT array_agg(ROW(n.*)::cases) FROM old_cases o JOIN new_cases n ON n.id = o.id
      WHERE (o.unit_id, o.assignee_id, o.status, o.kind, o.channel, o.topic_id)
            IS DISTINCT FROM (n.unit_id, n.assignee_id, n.status, n.kind, n.channel, n.topic_id)), 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER open_case_counts_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_count();
--> statement-breakpoint
CREATE TRIGGER open_case_counts_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_count();
--> statement-breakpoint
CREATE TRIGGER open_case_counts_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_count();
--> statement-breakpoint
-- The open cases made before this migration.
INSERT INTO open_case_counts (unit_id, assignee_id, status, kind, channel, topic_id, n)
SELECT unit_id, assignee_id, status, kind, channel, topic_id, count(*)::integer
FROM cases WHERE status IN ('received', 'in_progress')
GROUP BY 1, 2, 3, 4, 5, 6;
