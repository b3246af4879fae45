CREATE TABLE "answer_drafts" (
	"staff_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "answer_drafts_staff_id_case_id_pk" PRIMARY KEY("staff_id","case_id")
);
--> statement-breakpoint
ALTER TABLE "answer_drafts" ADD CONSTRAINT "answer_drafts_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_drafts" ADD CONSTRAINT "answer_drafts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_drafts_case" ON "answer_drafts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "answer_drafts_updated_at" ON "answer_drafts" USING btree ("updated_at");