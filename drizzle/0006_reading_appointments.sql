CREATE TABLE "reading_bookings" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"place_id" integer NOT NULL,
	"offer_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"period" "tstzrange" GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"manage_token_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	CONSTRAINT "reading_bookings_status" CHECK ("reading_bookings"."status" in ('active', 'cancelled', 'attended', 'no_show')),
	CONSTRAINT "reading_bookings_order" CHECK ("reading_bookings"."starts_at" < "reading_bookings"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "reading_closures" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reading_closures_order" CHECK ("reading_closures"."from_date" <= "reading_closures"."to_date")
);
--> statement-breakpoint
CREATE TABLE "reading_offers" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"invite_token_hash" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reading_offers_window" CHECK ("reading_offers"."from_date" <= "reading_offers"."to_date")
);
--> statement-breakpoint
CREATE TABLE "reading_places" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reading_room_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"slot_minutes" smallint DEFAULT 60 NOT NULL,
	"client_cutoff_hours" smallint DEFAULT 24 NOT NULL,
	"days_ahead" smallint DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reading_room_settings_single_row" CHECK ("reading_room_settings"."id" = 1),
	CONSTRAINT "reading_room_settings_slot" CHECK ("reading_room_settings"."slot_minutes" between 15 and 240),
	CONSTRAINT "reading_room_settings_cutoff" CHECK ("reading_room_settings"."client_cutoff_hours" between 0 and 336),
	CONSTRAINT "reading_room_settings_days" CHECK ("reading_room_settings"."days_ahead" between 1 and 365)
);
--> statement-breakpoint
ALTER TABLE "reading_bookings" ADD CONSTRAINT "reading_bookings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_bookings" ADD CONSTRAINT "reading_bookings_place_id_reading_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."reading_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_bookings" ADD CONSTRAINT "reading_bookings_offer_id_reading_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."reading_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_closures" ADD CONSTRAINT "reading_closures_created_by_staff_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_offers" ADD CONSTRAINT "reading_offers_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_offers" ADD CONSTRAINT "reading_offers_created_by_staff_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reading_bookings_one_active_per_case" ON "reading_bookings" USING btree ("case_id") WHERE "reading_bookings"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "reading_bookings_manage_token" ON "reading_bookings" USING btree ("manage_token_hash");--> statement-breakpoint
CREATE INDEX "reading_bookings_starts" ON "reading_bookings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "reading_offers_case" ON "reading_offers" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reading_offers_invite_token" ON "reading_offers" USING btree ("invite_token_hash");--> statement-breakpoint
-- Written by hand (Drizzle cannot express these). S-13: no two active
-- bookings share a seat at overlapping times, whatever the application does
-- and however many requests race: the database refuses the second with
-- SQLSTATE 23P01. btree_gist lets the seat's id (=) join the range (&&).
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "reading_bookings" ADD CONSTRAINT "reading_bookings_no_overlap" EXCLUDE USING gist ("place_id" WITH =, "period" WITH &&) WHERE ("status" = 'active');--> statement-breakpoint
-- The reading room's settings row, with the defaults an administrator then changes.
INSERT INTO "reading_room_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
