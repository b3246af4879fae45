CREATE TABLE "case_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"via" text NOT NULL,
	"locale" text NOT NULL,
	"text" text NOT NULL,
	"email_from" text,
	"email_subject" text,
	"email_message_id" text,
	CONSTRAINT "case_messages_via" CHECK ("case_messages"."via" in ('status_page', 'email'))
);
--> statement-breakpoint
ALTER TABLE "case_attachments" ADD COLUMN "message_id" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "client_message_unread_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_messages_case" ON "case_messages" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_messages_email_once" ON "case_messages" USING btree ("case_id","email_message_id");--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_message_id_case_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."case_messages"("id") ON DELETE no action ON UPDATE no action;