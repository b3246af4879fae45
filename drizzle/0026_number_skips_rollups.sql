-- Issue 18 (docs/0031, stop 31): the number's update at commit no longer
-- runs the rollups' update triggers. A case's number is written into its row
-- at commit (0023), and that update fired the three statement triggers that
-- keep the rollups (deadlines, reports, open counts by holder); each built
-- arrays of the whole case row, before and after, only to find that no
-- counted column had changed (the reference counts in none of them). In the
-- database's profile under Sends those triggers, with the number's update,
-- were a large share of its time. The numbering function now marks its one
-- update for the length of that statement (a transaction-local setting,
-- cleared right after it), and the update triggers are skipped while the
-- mark is set. Any other update of a case, in the same transaction or not,
-- fires them as before.
CREATE OR REPLACE FUNCTION case_reference_number() RETURNS trigger LANGUAGE plpgsql
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
  -- Only the reference changes: no rollup counts it, so their update triggers are skipped for this one statement.
  PERFORM set_config('klientu_balss.numbering', 'on', true);
  UPDATE cases SET reference = numbered WHERE id = NEW.id;
  PERFORM set_config('klientu_balss.numbering', '', true);
  UPDATE outbox_messages SET subject = replace(subject, placeholder, numbered),
    text_body = replace(text_body, placeholder, numbered), html_body = replace(html_body, placeholder, numbered)
  WHERE case_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER quality_deadline_count_update ON cases;
--> statement-breakpoint
CREATE TRIGGER quality_deadline_count_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT
  WHEN (current_setting('klientu_balss.numbering', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION quality_deadline_count();
--> statement-breakpoint
DROP TRIGGER open_case_counts_update ON cases;
--> statement-breakpoint
CREATE TRIGGER open_case_counts_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT
  WHEN (current_setting('klientu_balss.numbering', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION open_case_counts_count();
--> statement-breakpoint
DROP TRIGGER quality_report_count_update ON cases;
--> statement-breakpoint
CREATE TRIGGER quality_report_count_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT
  WHEN (current_setting('klientu_balss.numbering', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION quality_report_count();
