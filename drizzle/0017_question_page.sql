CREATE TABLE "matter_choices" (
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"code" text DEFAULT '' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "matter_choices_day_kind_code_pk" PRIMARY KEY("day","kind","code"),
	CONSTRAINT "matter_choices_kind" CHECK ("matter_choices"."kind" in ('ours', 'elsewhere', 'unsure')),
	CONSTRAINT "matter_choices_count" CHECK ("matter_choices"."count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "authorities" ADD COLUMN "on_question_page" boolean DEFAULT true NOT NULL;