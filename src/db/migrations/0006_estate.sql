CREATE TABLE "amp_versions" (
	"area_code" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by_user_id" uuid,
	"changed_by" text NOT NULL,
	"note" text,
	CONSTRAINT "amp_versions_area_code_version_pk" PRIMARY KEY("area_code","version")
);
--> statement-breakpoint
CREATE TABLE "amps" (
	"area_code" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"agreed_on" date,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "boundaries" (
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"vintage" integer NOT NULL,
	"name" text NOT NULL,
	"area_code" text,
	"geometry" jsonb NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "boundaries_kind_code_vintage_pk" PRIMARY KEY("kind","code","vintage")
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "estate_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "proposal_versions" (
	"proposal_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by_user_id" uuid,
	"changed_by" text NOT NULL,
	"note" text,
	CONSTRAINT "proposal_versions_proposal_id_version_pk" PRIMARY KEY("proposal_id","version")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"change_type" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"reasons" text NOT NULL,
	"alternatives" jsonb NOT NULL,
	"replacement_provision" text,
	"engagement_start" date,
	"decision_due" date,
	"implementation_date" date,
	"disposal_date" date,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_versions" (
	"site_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by_user_id" uuid,
	"changed_by" text NOT NULL,
	"note" text,
	CONSTRAINT "site_versions_site_id_version_pk" PRIMARY KEY("site_id","version")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"ward_code" text,
	"ward_vintage" integer,
	"ward_source" text,
	"latitude" double precision,
	"longitude" double precision,
	"public_access" text,
	"status" text NOT NULL,
	"iconic" boolean NOT NULL,
	"iconic_reason" text,
	"heritage_listing" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sites_iconic_reason" CHECK (not "sites"."iconic" or "sites"."iconic_reason" is not null),
	CONSTRAINT "sites_coordinates" CHECK (("sites"."latitude" is null) = ("sites"."longitude" is null)
        and ("sites"."latitude" is null or ("sites"."latitude" between -90 and 90 and "sites"."longitude" between -180 and 180)))
);
--> statement-breakpoint
ALTER TABLE "amp_versions" ADD CONSTRAINT "amp_versions_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amp_versions" ADD CONSTRAINT "amp_versions_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amps" ADD CONSTRAINT "amps_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boundaries" ADD CONSTRAINT "boundaries_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "estate_imports" ADD CONSTRAINT "estate_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD CONSTRAINT "proposal_versions_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD CONSTRAINT "proposal_versions_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_versions" ADD CONSTRAINT "site_versions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_versions" ADD CONSTRAINT "site_versions_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "boundaries_area" ON "boundaries" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "calendar_feeds_user" ON "calendar_feeds" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "proposals_area" ON "proposals" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "proposals_site" ON "proposals" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "proposals_disposal" ON "proposals" USING btree ("disposal_date");--> statement-breakpoint
CREATE INDEX "sites_area" ON "sites" USING btree ("area_code","name");