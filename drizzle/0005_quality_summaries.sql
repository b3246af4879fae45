-- Q-2, Q-3: keep quality_satisfaction_monthly equal to a count of
-- survey_answers by Riga month, survey, item, context and scale point,
-- whoever writes the answers. Statement-level triggers with transition
-- tables: one aggregate per INSERT, however many rows it adds.
CREATE FUNCTION quality_satisfaction_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO quality_satisfaction_monthly AS m (month, survey_id, item_id, unit_id, topic_id, staff_id, scale_min, scale_max, value, answers)
    SELECT date_trunc('month', r.submitted_at AT TIME ZONE 'Europe/Riga')::date, r.survey_id, a.item_id, r.unit_id, r.topic_id,
           coalesce(r.staff_id, s.subject_staff_id), r.scale_min, r.scale_max, a.value, count(*)
    FROM changed_answers a
    JOIN survey_responses r ON r.id = a.response_id
    JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT ON CONSTRAINT quality_satisfaction_monthly_key DO UPDATE SET answers = m.answers + excluded.answers;
  ELSE
    UPDATE quality_satisfaction_monthly AS m SET answers = m.answers - gone.answers
    FROM (
      SELECT date_trunc('month', r.submitted_at AT TIME ZONE 'Europe/Riga')::date AS month, r.survey_id, a.item_id, r.unit_id, r.topic_id,
             coalesce(r.staff_id, s.subject_staff_id) AS staff_id, r.scale_min, r.scale_max, a.value, count(*) AS answers
      FROM changed_answers a
      JOIN survey_responses r ON r.id = a.response_id
      JOIN surveys s ON s.id = r.survey_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ) gone
    WHERE m.month = gone.month AND m.survey_id = gone.survey_id AND m.item_id = gone.item_id
      AND m.unit_id IS NOT DISTINCT FROM gone.unit_id AND m.topic_id IS NOT DISTINCT FROM gone.topic_id
      AND m.staff_id IS NOT DISTINCT FROM gone.staff_id AND m.scale_min = gone.scale_min AND m.scale_max = gone.scale_max
      AND m.value = gone.value;
    DELETE FROM quality_satisfaction_monthly WHERE answers <= 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER quality_satisfaction_count_insert AFTER INSERT ON survey_answers
  REFERENCING NEW TABLE AS changed_answers FOR EACH STATEMENT EXECUTE FUNCTION quality_satisfaction_count();
--> statement-breakpoint
CREATE TRIGGER quality_satisfaction_count_delete AFTER DELETE ON survey_answers
  REFERENCING OLD TABLE AS changed_answers FOR EACH STATEMENT EXECUTE FUNCTION quality_satisfaction_count();
--> statement-breakpoint
-- The answers given before this migration.
INSERT INTO quality_satisfaction_monthly (month, survey_id, item_id, unit_id, topic_id, staff_id, scale_min, scale_max, value, answers)
SELECT date_trunc('month', r.submitted_at AT TIME ZONE 'Europe/Riga')::date, r.survey_id, a.item_id, r.unit_id, r.topic_id,
       coalesce(r.staff_id, s.subject_staff_id), r.scale_min, r.scale_max, a.value, count(*)
FROM survey_answers a
JOIN survey_responses r ON r.id = a.response_id
JOIN surveys s ON s.id = r.survey_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
