-- Issue 18 (stop 34): the rollups' count functions lose their INSERT
-- branches. Since 0027 a new case is counted by cases_rollups_insert, and
-- these three functions are fired only by their update triggers (0026) and
-- delete triggers (0016, 0019, 0021): the branches could never run. The
-- functions are otherwise as 0023 wrote them.
CREATE OR REPLACE FUNCTION quality_deadline_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before cases[];
  after cases[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    SELECT array_agg(ROW(o.*)::cases), array_agg(ROW(n.*)::cases) INTO before, after
    FROM old_cases o JOIN new_cases n ON n.id = o.id
    WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.received_at, o.received_on, o.due_on, o.answered_at, o.closed_at)
          IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.received_at, n.received_on, n.due_on, n.answered_at, n.closed_at);
    IF before IS NOT NULL THEN
      PERFORM quality_deadline_apply(before, -1);
      PERFORM quality_deadline_apply(after, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION quality_report_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before cases[];
  after cases[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM quality_report_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    SELECT array_agg(ROW(o.*)::cases), array_agg(ROW(n.*)::cases) INTO before, after
    FROM old_cases o JOIN new_cases n ON n.id = o.id
    WHERE (o.unit_id, o.topic_id, o.kind, o.reply_channel, o.channel, o.status, o.due_on, o.answered_at, o.closed_at, o.complaint_outcome)
          IS DISTINCT FROM (n.unit_id, n.topic_id, n.kind, n.reply_channel, n.channel, n.status, n.due_on, n.answered_at, n.closed_at, n.complaint_outcome);
    IF before IS NOT NULL THEN
      PERFORM quality_report_apply(before, -1);
      PERFORM quality_report_apply(after, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION open_case_counts_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before cases[];
  after cases[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM open_case_counts_apply((SELECT array_agg(ROW(o.*)::cases) FROM old_cases o), -1);
  ELSE
    SELECT array_agg(ROW(o.*)::cases), array_agg(ROW(n.*)::cases) INTO before, after
    FROM old_cases o JOIN new_cases n ON n.id = o.id
    WHERE (o.unit_id, o.assignee_id, o.status, o.kind, o.channel, o.topic_id)
          IS DISTINCT FROM (n.unit_id, n.assignee_id, n.status, n.kind, n.channel, n.topic_id);
    IF before IS NOT NULL THEN
      PERFORM open_case_counts_apply(before, -1);
      PERFORM open_case_counts_apply(after, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
