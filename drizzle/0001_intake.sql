CREATE TABLE "case_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"actor_staff_id" integer,
	"visible_to_client" boolean DEFAULT false NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"status_token_hash" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_on" date NOT NULL,
	"due_on" date,
	"deadline_rule_id" integer,
	"topic_id" integer,
	"unit_id" integer NOT NULL,
	"assignee_id" integer,
	"locale" text NOT NULL,
	"requested_language" text NOT NULL,
	"reply_language" text NOT NULL,
	"reply_channel" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"postal_address" text,
	"details" text NOT NULL,
	"particulars" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"draft_id" text,
	"closed_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone,
	CONSTRAINT "cases_kind" CHECK ("cases"."kind" in ('complaint', 'suggestion', 'question', 'information_request', 'callback')),
	CONSTRAINT "cases_status" CHECK ("cases"."status" in ('received', 'in_progress', 'answered', 'referred', 'refused', 'not_examined', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "reference_counters" (
	"year" smallint PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"draft_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"locale" text NOT NULL,
	"fields" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_case_id" integer,
	"submitted_token" text
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"response_id" bigint NOT NULL,
	"item_id" integer NOT NULL,
	"value" smallint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"criterion" text NOT NULL,
	"text_lv" text NOT NULL,
	"text_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locale" text NOT NULL,
	"scale_min" smallint NOT NULL,
	"scale_max" smallint NOT NULL,
	"case_id" integer,
	"unit_id" integer,
	"topic_id" integer,
	"staff_id" integer,
	"comment" text,
	"contact_name" text,
	"contact_email" text,
	"form_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"period" text NOT NULL,
	"title_lv" text NOT NULL,
	"title_en" text NOT NULL,
	"intro_lv" text,
	"intro_en" text,
	"year" smallint,
	"opens_on" date NOT NULL,
	"closes_on" date,
	"open" boolean DEFAULT true NOT NULL,
	"subject_staff_id" integer,
	"scale_min" smallint DEFAULT 1 NOT NULL,
	"scale_max" smallint DEFAULT 5 NOT NULL,
	"scale_labels" jsonb NOT NULL,
	"for_case_ratings" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_scale" CHECK ("surveys"."scale_min" < "surveys"."scale_max" and "surveys"."scale_max" - "surveys"."scale_min" <= 10),
	CONSTRAINT "surveys_period" CHECK ("surveys"."period" in ('yearly', 'as_needed'))
);
--> statement-breakpoint
CREATE TABLE "rate_limit_counters" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_counters_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "institution" ADD COLUMN "attachment_max_files" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "institution" ADD COLUMN "attachment_max_bytes" integer DEFAULT 4194304 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_staff_id_staff_members_id_fk" FOREIGN KEY ("actor_staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_deadline_rule_id_deadline_rules_id_fk" FOREIGN KEY ("deadline_rule_id") REFERENCES "public"."deadline_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_staff_members_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_attachments" ADD CONSTRAINT "draft_attachments_draft_id_submission_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."submission_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_response_id_survey_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."survey_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_item_id_survey_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."survey_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_items" ADD CONSTRAINT "survey_items_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_subject_staff_id_staff_members_id_fk" FOREIGN KEY ("subject_staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_attachments_case" ON "case_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_events_case" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_reference_unique" ON "cases" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_status_token_unique" ON "cases" USING btree ("status_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_draft_unique" ON "cases" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "cases_unit_status" ON "cases" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "cases_assignee_status" ON "cases" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "cases_due_on" ON "cases" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "cases_received_at" ON "cases" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "cases_contact_email" ON "cases" USING btree (lower("contact_email"));--> statement-breakpoint
CREATE INDEX "draft_attachments_draft" ON "draft_attachments" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "submission_drafts_updated" ON "submission_drafts" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_pk" ON "survey_answers" USING btree ("response_id","item_id");--> statement-breakpoint
CREATE INDEX "survey_answers_item" ON "survey_answers" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "survey_items_survey" ON "survey_items" USING btree ("survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_form_key" ON "survey_responses" USING btree ("form_key");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_case" ON "survey_responses" USING btree ("case_id") WHERE "survey_responses"."case_id" is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_time" ON "survey_responses" USING btree ("survey_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_code_unique" ON "surveys" USING btree ("code");--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window" ON "rate_limit_counters" USING btree ("window_start");