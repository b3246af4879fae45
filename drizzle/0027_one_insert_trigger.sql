-- Issue 18 (docs/0031, stop 31): a new case is added to the three rollups
-- (open counts by holder, deadlines, reports) by one statement trigger, not
-- three. Each of the three gathered the statement's new cases into an array
-- of whole case rows on its own before calling its rollup's function; in the
-- database's profile under Sends, starting those triggers and building those
-- arrays was a noticeable share of the Send's statement. One trigger
-- gathers them once and calls the three functions in the order the three
-- triggers fired (by name), so rows are still locked in the same order.
-- Updates and deletes keep their own triggers (each compares only the
-- columns its rollup counts).
CREATE FUNCTION cases_rollups_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added cases[] := (SELECT array_agg(ROW(n.*)::cases) FROM new_cases n);
BEGIN
  -- A statement that inserted no case (a Send whose draft was already sent) counts nothing.
  IF added IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM open_case_counts_apply(added, 1);
  PERFORM quality_deadline_apply(added, 1);
  PERFORM quality_report_apply(added, 1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER open_case_counts_insert ON cases;
--> statement-breakpoint
DROP TRIGGER quality_deadline_count_insert ON cases;
--> statement-breakpoint
DROP TRIGGER quality_report_count_insert ON cases;
--> statement-breakpoint
CREATE TRIGGER cases_rollups_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION cases_rollups_insert();
