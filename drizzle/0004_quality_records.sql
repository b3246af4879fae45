CREATE TABLE "quality_interview_participants" (
	"interview_id" integer NOT NULL,
	"staff_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_interviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"manager_id" integer NOT NULL,
	"unit_id" integer,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"topics" text NOT NULL,
	"agreed_actions" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_interviews_kind" CHECK ("quality_interviews"."kind" in ('interview', 'group_discussion'))
);
--> statement-breakpoint
CREATE TABLE "quality_observations" (
	"id" serial PRIMARY KEY NOT NULL,
	"staff_id" integer NOT NULL,
	"observer_id" integer NOT NULL,
	"on_date" date NOT NULL,
	"scores" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_report_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"staff_id" integer NOT NULL,
	"report" text NOT NULL,
	"period" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_report_reviews_report" CHECK ("quality_report_reviews"."report" in ('complaints', 'deadlines'))
);
--> statement-breakpoint
CREATE TABLE "quality_satisfaction_monthly" (
	"month" date NOT NULL,
	"survey_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"unit_id" integer,
	"topic_id" integer,
	"staff_id" integer,
	"scale_min" smallint NOT NULL,
	"scale_max" smallint NOT NULL,
	"value" smallint NOT NULL,
	"answers" integer NOT NULL,
	CONSTRAINT "quality_satisfaction_monthly_key" UNIQUE NULLS NOT DISTINCT("month","survey_id","item_id","unit_id","topic_id","staff_id","scale_min","scale_max","value")
);
--> statement-breakpoint
CREATE TABLE "quality_self_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"staff_id" integer NOT NULL,
	"on_date" date NOT NULL,
	"answers" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_interview_participants" ADD CONSTRAINT "quality_interview_participants_interview_id_quality_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."quality_interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_interview_participants" ADD CONSTRAINT "quality_interview_participants_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_interviews" ADD CONSTRAINT "quality_interviews_manager_id_staff_members_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_interviews" ADD CONSTRAINT "quality_interviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_observations" ADD CONSTRAINT "quality_observations_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_observations" ADD CONSTRAINT "quality_observations_observer_id_staff_members_id_fk" FOREIGN KEY ("observer_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_report_reviews" ADD CONSTRAINT "quality_report_reviews_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_self_checks" ADD CONSTRAINT "quality_self_checks_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_interview_participants_pk" ON "quality_interview_participants" USING btree ("interview_id","staff_id");--> statement-breakpoint
CREATE INDEX "quality_interview_participants_staff" ON "quality_interview_participants" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "quality_interviews_manager" ON "quality_interviews" USING btree ("manager_id","held_on");--> statement-breakpoint
CREATE INDEX "quality_observations_staff" ON "quality_observations" USING btree ("staff_id","on_date");--> statement-breakpoint
CREATE INDEX "quality_observations_observer" ON "quality_observations" USING btree ("observer_id","on_date");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_report_reviews_once" ON "quality_report_reviews" USING btree ("staff_id","report","period");--> statement-breakpoint
CREATE INDEX "quality_satisfaction_monthly_staff" ON "quality_satisfaction_monthly" USING btree ("staff_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_self_checks_once_a_day" ON "quality_self_checks" USING btree ("staff_id","on_date");--> statement-breakpoint
CREATE INDEX "quality_self_checks_date" ON "quality_self_checks" USING btree ("on_date");--> statement-breakpoint
CREATE INDEX "cases_done_at" ON "cases" USING btree (coalesce("answered_at", "closed_at"));--> statement-breakpoint
CREATE INDEX "cases_due_done" ON "cases" USING btree ("due_on",coalesce("answered_at", "closed_at"));--> statement-breakpoint
CREATE INDEX "cases_closed_complaints" ON "cases" USING btree ("closed_at") WHERE "cases"."kind" = 'complaint' and "cases"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_comments" ON "survey_responses" USING btree ("submitted_at") WHERE "survey_responses"."comment" is not null;