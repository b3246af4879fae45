CREATE TABLE "case_referrals" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"authority_id" integer NOT NULL,
	"scope" text NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"referred_on" date NOT NULL,
	"forward_by" date,
	"delivery" text NOT NULL,
	"staff_id" integer
);
--> statement-breakpoint
ALTER TABLE "institution" ADD COLUMN "appeal_route_lv" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "institution" ADD COLUMN "appeal_route_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "environmental_information" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_decision" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_decision_note" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "suggestion_implement_by" date;--> statement-breakpoint
ALTER TABLE "case_referrals" ADD CONSTRAINT "case_referrals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_referrals" ADD CONSTRAINT "case_referrals_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_referrals" ADD CONSTRAINT "case_referrals_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_referrals_case" ON "case_referrals" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_referrals_referred_at" ON "case_referrals" USING btree ("referred_at");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_suggestion_decision" CHECK ("cases"."suggestion_decision" in ('implement', 'in_place', 'not_taken'));--> statement-breakpoint
UPDATE "institution" SET "appeal_route_lv" = 'Šo lēmumu varat apstrīdēt iestādes vadītājam viena mēneša laikā no dienas, kad tas jums paziņots. Vadītāja lēmumu varat pārsūdzēt Administratīvajā rajona tiesā viena mēneša laikā no tā spēkā stāšanās dienas.', "appeal_route_en" = 'You can contest this decision to the head of the institution within one month of the day it was notified to you. The head’s decision can be appealed to the Administrative District Court within one month of the day it takes effect.' WHERE "appeal_route_lv" = '';
--> statement-breakpoint
UPDATE "reply_templates" SET "body_lv" = regexp_replace(regexp_replace("body_lv", E'^Labdien!\\n\\n([^\\n]*\\{\\{reference\\}\\}[^\\n]*\\n\\n)?', ''), E'\\n\\nAr cieņu\\n\\{\\{officialName\\}\\}\\n\\{\\{institutionName\\}\\}\\s*$', ''), "body_en" = regexp_replace(regexp_replace("body_en", E'^Dear \\{\\{clientName\\}\\},\\n\\n([^\\n]*\\{\\{reference\\}\\}[^\\n]*\\n\\n)?', ''), E'\\n\\nYours sincerely\\n\\{\\{officialName\\}\\}\\n\\{\\{institutionName\\}\\}\\s*$', '') WHERE "code" IN ('abusive-offensive-language', 'abusive-threats', 'abusive-no-question', 'disproportionate-refusal', 'disproportionate-reading', 'disproportionate-narrow', 'answer-plain');
--> statement-breakpoint
UPDATE "topics" SET "environmental_information" = true WHERE "code" IN ('eia', 'sea', 'public-consultation', 'pollution-permits', 'industrial-accidents', 'chemicals');
