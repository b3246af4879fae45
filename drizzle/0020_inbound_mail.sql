CREATE TABLE "inbound_mail" (
	"id" serial PRIMARY KEY NOT NULL,
	"mailbox" text NOT NULL,
	"uid_validity" bigint NOT NULL,
	"uid" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"locked_until" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"message_id" text,
	"received_at" timestamp with time zone,
	"from_address" text,
	"from_name" text,
	"subject" text,
	"text_body" text,
	"automatic_reason" text,
	"refused_files" text[] DEFAULT '{}'::text[] NOT NULL,
	"case_id" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"dismiss_reason" text,
	"handled_at" timestamp with time zone,
	CONSTRAINT "inbound_mail_status" CHECK ("inbound_mail"."status" in ('pending', 'reply', 'to_register', 'registered', 'dismissed', 'automatic', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "inbound_mail_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"inbound_mail_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "case_id" integer;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_decided_by_staff_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mail_attachments" ADD CONSTRAINT "inbound_mail_attachments_inbound_mail_id_inbound_mail_id_fk" FOREIGN KEY ("inbound_mail_id") REFERENCES "public"."inbound_mail"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_place" ON "inbound_mail" USING btree ("mailbox","uid_validity","uid");--> statement-breakpoint
CREATE INDEX "inbound_mail_queue" ON "inbound_mail" USING btree ("received_at") WHERE "inbound_mail"."status" = 'to_register';--> statement-breakpoint
CREATE INDEX "inbound_mail_attachments_mail" ON "inbound_mail_attachments" USING btree ("inbound_mail_id");--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;