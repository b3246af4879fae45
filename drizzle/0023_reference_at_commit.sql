-- Issue 18 (docs/0031): a new case takes its reference number at commit.
-- Numbers are sequential per year without gaps (cases/reference.ts), so the
-- year's counter row stays locked from the moment a case takes its number
-- until its transaction ends, and every submission waits for the one before
-- it over that stretch. The Send's statement (intake/case-statement.ts) now
-- writes the case as `pending:<prefix>:<placeholder>` and its letter with the
-- placeholder; this deferred trigger takes the number when the transaction
-- commits and puts it in the case and its letter. The stretch is this
-- function and the commit, not the whole statement.
CREATE FUNCTION case_reference_number() RETURNS trigger LANGUAGE plpgsql
  -- Planned once per connection (the sessions plan each statement for its values, db/client.ts): one row, by key.
  SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  prefix text := split_part(NEW.reference, ':', 2);
  placeholder text := split_part(NEW.reference, ':', 3);
  case_year integer := extract(year FROM NEW.received_on)::integer;
  taken integer;
  numbered text;
BEGIN
  INSERT INTO reference_counters AS r (year, last) VALUES (case_year, 1)
    ON CONFLICT (year) DO UPDATE SET last = r.last + 1
    RETURNING r.last INTO taken;
  -- formatReference (intake/rules.ts): prefix, year, the number in six digits at least, never cut.
  numbered := prefix || '-' || case_year || '-' || CASE WHEN length(taken::text) >= 6 THEN taken::text ELSE lpad(taken::text, 6, '0') END;
  UPDATE cases SET reference = numbered WHERE id = NEW.id;
  UPDATE outbox_messages SET subject = replace(subject, placeholder, numbered),
    text_body = replace(text_body, placeholder, numbered), html_body = replace(html_body, placeholder, numbered)
  WHERE case_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER case_reference_at_commit AFTER INSERT ON cases DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.reference LIKE 'pending:%') EXECUTE FUNCTION case_reference_number();
--> statement-breakpoint
-- The number's update changes no counted column: the rollups' update
-- triggers return before calling their functions when no case changed what
-- they count. Their joins of the transition tables are planned for the
-- statement's number of rows, as before (a plan kept from a one-row
-- statement would join a bulk update's rows one by one against all).
CREATE OR REPLACE FUNCTION quality_deadline_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before cases[];
  after cases[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM quality_deadline_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
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
  IF TG_OP = 'INSERT' THEN
    PERFORM quality_report_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
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
  IF TG_OP = 'INSERT' THEN
    PERFORM open_case_counts_apply((SELECT array_agg(ROW(n.*)::cases) FROM new_cases n), 1);
  ELSIF TG_OP = 'DELETE' THEN
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
