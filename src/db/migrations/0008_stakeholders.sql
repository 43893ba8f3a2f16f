-- Trigram search (pg_trgm ships with PostgreSQL's contrib modules and with PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"wording_version" text NOT NULL,
	"evidence" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"normalised" text NOT NULL,
	"label" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duplicate_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"other_person_id" uuid NOT NULL,
	"score" real NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" text,
	"started_on" date,
	"ended_on" date,
	CONSTRAINT "memberships_dates" CHECK ("memberships"."ended_on" is null or "memberships"."started_on" is null or "memberships"."ended_on" >= "memberships"."started_on")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"area_code" text,
	"email" text,
	"phone" text,
	"website" text,
	"address" text,
	"notes" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"postal_address" text,
	"preferred_language" text,
	"accessible_formats" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"last_verified_on" date,
	"influence" integer,
	"interest" integer,
	"lawful_basis" text DEFAULT 'public-task' NOT NULL,
	"review_on" date,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"erased_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "people_influence" CHECK ("people"."influence" is null or "people"."influence" between 1 and 5),
	CONSTRAINT "people_interest" CHECK ("people"."interest" is null or "people"."interest" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "person_boroughs" (
	"person_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	CONSTRAINT "person_boroughs_person_id_area_code_pk" PRIMARY KEY("person_id","area_code")
);
--> statement-breakpoint
CREATE TABLE "person_places" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"vintage" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "person_places_person_id_kind_code_vintage_pk" PRIMARY KEY("person_id","kind","code","vintage")
);
--> statement-breakpoint
CREATE TABLE "person_redirects" (
	"from_id" uuid PRIMARY KEY NOT NULL,
	"to_id" uuid NOT NULL,
	"merged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"person_id" uuid NOT NULL,
	"role_id" text NOT NULL,
	CONSTRAINT "person_roles_person_id_role_id_pk" PRIMARY KEY("person_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"area_code" text,
	"filter" jsonb NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stakeholder_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"file_name" text NOT NULL,
	"content" text,
	"mapping" jsonb,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"outcome" jsonb,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stakeholder_roles" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"sort_order" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"email_hash" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "top_hundred" (
	"area_code" text NOT NULL,
	"person_id" uuid NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "top_hundred_area_code_person_id_pk" PRIMARY KEY("area_code","person_id"),
	CONSTRAINT "top_hundred_rank_range" CHECK ("top_hundred"."rank" between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_points" ADD CONSTRAINT "contact_points_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_flags" ADD CONSTRAINT "duplicate_flags_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_flags" ADD CONSTRAINT "duplicate_flags_other_person_id_people_id_fk" FOREIGN KEY ("other_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_boroughs" ADD CONSTRAINT "person_boroughs_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_boroughs" ADD CONSTRAINT "person_boroughs_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_places" ADD CONSTRAINT "person_places_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_redirects" ADD CONSTRAINT "person_redirects_to_id_people_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_role_id_stakeholder_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."stakeholder_roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stakeholder_imports" ADD CONSTRAINT "stakeholder_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stakeholder_imports" ADD CONSTRAINT "stakeholder_imports_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "top_hundred" ADD CONSTRAINT "top_hundred_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "top_hundred" ADD CONSTRAINT "top_hundred_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_events_person" ON "consent_events" USING btree ("person_id","channel","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_points_email" ON "contact_points" USING btree ("normalised") WHERE "contact_points"."kind" = 'email';--> statement-breakpoint
CREATE INDEX "contact_points_person" ON "contact_points" USING btree ("person_id","kind","position");--> statement-breakpoint
CREATE INDEX "duplicate_flags_open" ON "duplicate_flags" USING btree ("resolved_at","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_flags_pair" ON "duplicate_flags" USING btree ("person_id","other_person_id");--> statement-breakpoint
CREATE INDEX "memberships_person" ON "memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "memberships_organisation" ON "memberships" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "organisations_area" ON "organisations" USING btree ("area_code","name");--> statement-breakpoint
CREATE INDEX "organisations_name_trgm" ON "organisations" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_search_trgm" ON "people" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_search_vector" ON "people" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "people_name_id" ON "people" USING btree (lower("full_name"),"id");--> statement-breakpoint
CREATE INDEX "people_review_on" ON "people" USING btree ("review_on");--> statement-breakpoint
CREATE INDEX "person_boroughs_area" ON "person_boroughs" USING btree ("area_code","person_id");--> statement-breakpoint
CREATE INDEX "person_places_place" ON "person_places" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "person_roles_role" ON "person_roles" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "segments_area" ON "segments" USING btree ("area_code","name");--> statement-breakpoint
CREATE INDEX "top_hundred_rank" ON "top_hundred" USING btree ("area_code","rank");
--> statement-breakpoint
-- The roles the strategy names; an administrator may add more, never remove these.
INSERT INTO "stakeholder_roles" ("id", "label", "built_in", "sort_order", "created_at") VALUES
  ('mp', 'MP', true, 1, now()),
  ('council-leader', 'Leader of the Council', true, 2, now()),
  ('lead-member-community-safety', 'Lead member for community safety or policing', true, 3, now()),
  ('ward-councillor', 'Ward councillor', true, 4, now()),
  ('link-member', 'The authority’s link member', true, 5, now()),
  ('borough-commander', 'Borough Commander', true, 6, now()),
  ('snt-sergeant', 'Safer Neighbourhood Team sergeant', true, 7, now()),
  ('snb-chair', 'Safer Neighbourhood Board chair', true, 8, now()),
  ('ward-panel-chair', 'Ward panel chair', true, 9, now()),
  ('community-leader', 'Community leader', true, 10, now()),
  ('faith-leader', 'Faith leader', true, 11, now()),
  ('business-leader', 'Business leader', true, 12, now()),
  ('media-editor', 'Local media editor', true, 13, now()),
  ('journalist', 'Journalist', true, 14, now()),
  ('staff', 'Staff', true, 15, now());--> statement-breakpoint
-- The audit trail stays append-only, with one exception: erasing a person replaces their personal
-- values in existing rows with a redaction marker. Only a transaction that has set
-- nonsuch.redacting may do that, and only to the summary and the old and new values.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('nonsuch.redacting', true) = 'on'
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_kind = OLD.actor_kind
     AND NEW.actor_user_id IS NOT DISTINCT FROM OLD.actor_user_id AND NEW.actor_label = OLD.actor_label
     AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
     AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.area_code IS NOT DISTINCT FROM OLD.area_code
     AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id AND NEW.address IS NOT DISTINCT FROM OLD.address
     AND NEW.refused = OLD.refused THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
