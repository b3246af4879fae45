-- Issue 18 (stop 34, docs/0031): a new case takes its number after its
-- commit, not at it. Numbers stay sequential per year without gaps
-- (cases/reference.ts), so only one transaction at a time may take them,
-- and it holds that right until it commits. Taken at commit (0023), every
-- Send held the year's counter row over its own commit: on a busy machine
-- the holder was often descheduled meanwhile, and the others queued behind
-- it (under Sends at full speed, the counter's upsert waited 6 ms on
-- average; the Send's p95 at 200 a second was 68-94 ms). Now the Send's
-- statement commits the case as `pending:<prefix>:<placeholder>` and
-- number_pending_cases() numbers every committed case still pending, in
-- the order of their ids, in a transaction of its own: the Sends that
-- committed meanwhile are numbered together, one commit for all of them.
-- The Send calls it right after its statement (intake/case-statement.ts);
-- the mail sender calls it before each pass, for a case whose numbering
-- failed after its commit; and a letter is not sent while its case has no
-- number (mail/queries.ts).
CREATE INDEX "cases_unnumbered" ON "cases" USING btree ("id") WHERE "cases"."reference" like 'pending:%';
--> statement-breakpoint
DROP TRIGGER case_reference_at_commit ON cases;
--> statement-breakpoint
DROP FUNCTION case_reference_number();
--> statement-breakpoint
CREATE FUNCTION number_pending_cases() RETURNS integer LANGUAGE plpgsql
  -- Planned once per connection (the main pool plans each statement for its values, db/client.ts): rows by key, or by cases_unnumbered.
  SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  pending record;
  prefix text;
  placeholder text;
  case_year integer;
  taken integer;
  numbered text;
  count integer := 0;
BEGIN
  -- Nothing to number: no lock taken (the sender asks on every pass).
  IF NOT EXISTS (SELECT 1 FROM cases WHERE reference LIKE 'pending:%') THEN
    RETURN 0;
  END IF;
  -- One numbering at a time, until its transaction ends. Each statement
  -- below reads anew, so the cases the one before numbered are not
  -- pending any more by the time this one reads them.
  PERFORM pg_advisory_xact_lock(7316002);
  FOR pending IN SELECT id, reference, received_on FROM cases WHERE reference LIKE 'pending:%' ORDER BY id LOOP
    prefix := split_part(pending.reference, ':', 2);
    placeholder := split_part(pending.reference, ':', 3);
    case_year := extract(year FROM pending.received_on)::integer;
    INSERT INTO reference_counters AS r (year, last) VALUES (case_year, 1)
      ON CONFLICT (year) DO UPDATE SET last = r.last + 1
      RETURNING r.last INTO taken;
    -- formatReference (intake/rules.ts): prefix, year, the number in six digits at least, never cut.
    numbered := prefix || '-' || case_year || '-' || CASE WHEN length(taken::text) >= 6 THEN taken::text ELSE lpad(taken::text, 6, '0') END;
    -- Only the reference changes: no rollup counts it, so their update triggers are skipped for this one statement (0026).
    PERFORM set_config('klientu_balss.numbering', 'on', true);
    UPDATE cases SET reference = numbered WHERE id = pending.id;
    PERFORM set_config('klientu_balss.numbering', '', true);
    UPDATE outbox_messages SET subject = replace(subject, placeholder, numbered),
      text_body = replace(text_body, placeholder, numbered), html_body = replace(html_body, placeholder, numbered)
    WHERE case_id = pending.id;
    count := count + 1;
  END LOOP;
  RETURN count;
END
$$;
