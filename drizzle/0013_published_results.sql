CREATE TABLE "published_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"approved_by" integer NOT NULL,
	"approved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institution" ADD COLUMN "sign_language_video_url" text;--> statement-breakpoint
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_approved_by_staff_members_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "published_results_year" ON "published_results" USING btree ("year","approved_at");