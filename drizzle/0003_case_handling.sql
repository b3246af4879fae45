CREATE TABLE "deadline_alerts" (
	"case_id" integer NOT NULL,
	"on_date" date NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
DROP INDEX "cases_unit_status";--> statement-breakpoint
DROP INDEX "cases_assignee_status";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "rating_token_hash" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "complaint_outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "complaint_remedy" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "pending_decision" text;--> statement-breakpoint
ALTER TABLE "deadline_alerts" ADD CONSTRAINT "deadline_alerts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_alerts_once_a_day" ON "deadline_alerts" USING btree ("case_id","on_date");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_rating_token_unique" ON "cases" USING btree ("rating_token_hash");--> statement-breakpoint
CREATE INDEX "cases_status_due" ON "cases" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "cases_pending_decision" ON "cases" USING btree ("pending_decision") WHERE "cases"."pending_decision" is not null;--> statement-breakpoint
CREATE INDEX "cases_unit_status" ON "cases" USING btree ("unit_id","status","due_on");--> statement-breakpoint
CREATE INDEX "cases_assignee_status" ON "cases" USING btree ("assignee_id","status","due_on");