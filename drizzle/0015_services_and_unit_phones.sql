CREATE TABLE "services" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_lv" text NOT NULL,
	"name_en" text NOT NULL,
	"description_lv" text NOT NULL,
	"description_en" text NOT NULL,
	"price_lv" text,
	"price_en" text,
	"unit_id" integer NOT NULL,
	"website" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "services_price_both" CHECK (("services"."price_lv" is null) = ("services"."price_en" is null))
);
--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "services_code_unique" ON "services" USING btree ("code");--> statement-breakpoint
-- S-4.5: a database seeded before unit phones gets the seeded client service unit's number (the institution's own line), as a fresh one does.
UPDATE "units" SET "phone" = '+371 67321173' WHERE "code" = 'KAN' AND "phone" IS NULL;
