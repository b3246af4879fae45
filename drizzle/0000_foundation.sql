CREATE TABLE "authorities" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"competence_lv" text NOT NULL,
	"competence_en" text NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"address" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"transferred_from" date,
	CONSTRAINT "calendar_days_kind" CHECK ("calendar_days"."kind" in ('holiday', 'day_off', 'working_day'))
);
--> statement-breakpoint
CREATE TABLE "deadline_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_kind" text NOT NULL,
	"effective_from" date NOT NULL,
	"amount" integer NOT NULL,
	"unit" text NOT NULL,
	"extended_amount" integer,
	"extended_unit" text,
	"note_lv" text,
	"note_en" text,
	CONSTRAINT "deadline_rules_amount" CHECK ("deadline_rules"."amount" > 0),
	CONSTRAINT "deadline_rules_unit" CHECK ("deadline_rules"."unit" in ('working_days', 'calendar_days', 'months'))
);
--> statement-breakpoint
CREATE TABLE "institution" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"short_name" text NOT NULL,
	"reference_prefix" text NOT NULL,
	"address" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"website" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_single_row" CHECK ("institution"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "office_hours" (
	"id" serial PRIMARY KEY NOT NULL,
	"weekday" smallint NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	CONSTRAINT "office_hours_weekday" CHECK ("office_hours"."weekday" between 1 and 7),
	CONSTRAINT "office_hours_order" CHECK ("office_hours"."opens_at" < "office_hours"."closes_at")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"unit_id" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"email" text,
	"is_triage" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"role" text NOT NULL,
	"unit_id" integer,
	"manager_id" integer,
	"languages" text[] DEFAULT '{lv}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_members_role" CHECK ("staff_members"."role" in ('official', 'manager', 'director', 'administrator'))
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "outbox_messages_status" CHECK ("outbox_messages"."status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_manager_id_staff_members_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authorities_code_unique" ON "authorities" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_rules_kind_from" ON "deadline_rules" USING btree ("request_kind","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "topics_code_unique" ON "topics" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_unique" ON "units" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_one_triage" ON "units" USING btree ("is_triage") WHERE "units"."is_triage";--> statement-breakpoint
CREATE UNIQUE INDEX "staff_members_email_unique" ON "staff_members" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "outbox_messages_due" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" = 'pending';