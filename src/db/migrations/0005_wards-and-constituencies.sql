CREATE TABLE "constituencies" (
	"code" text NOT NULL,
	"vintage" integer NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "constituencies_code_vintage_pk" PRIMARY KEY("code","vintage"),
	CONSTRAINT "constituencies_code_format" CHECK ("constituencies"."code" ~ '^E14[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "constituency_areas" (
	"constituency_code" text NOT NULL,
	"vintage" integer NOT NULL,
	"area_code" text NOT NULL,
	"share" double precision,
	CONSTRAINT "constituency_areas_constituency_code_vintage_area_code_pk" PRIMARY KEY("constituency_code","vintage","area_code")
);
--> statement-breakpoint
CREATE TABLE "geography_vintages" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"effective_from" date,
	"loaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "geography_vintages_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "ward_constituencies" (
	"ward_code" text NOT NULL,
	"ward_vintage" integer NOT NULL,
	"constituency_code" text NOT NULL,
	"constituency_vintage" integer NOT NULL,
	CONSTRAINT "ward_constituencies_ward_code_ward_vintage_constituency_vintage_pk" PRIMARY KEY("ward_code","ward_vintage","constituency_vintage")
);
--> statement-breakpoint
CREATE TABLE "wards" (
	"code" text NOT NULL,
	"vintage" integer NOT NULL,
	"name" text NOT NULL,
	"area_code" text NOT NULL,
	CONSTRAINT "wards_code_vintage_pk" PRIMARY KEY("code","vintage"),
	CONSTRAINT "wards_code_format" CHECK ("wards"."code" ~ '^E05[0-9]{6}$')
);
--> statement-breakpoint
ALTER TABLE "constituency_areas" ADD CONSTRAINT "constituency_areas_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wards" ADD CONSTRAINT "wards_area_code_areas_gss_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("gss_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "constituency_areas_area" ON "constituency_areas" USING btree ("area_code","vintage");--> statement-breakpoint
CREATE INDEX "ward_constituencies_constituency" ON "ward_constituencies" USING btree ("constituency_code","constituency_vintage");--> statement-breakpoint
CREATE INDEX "wards_area" ON "wards" USING btree ("area_code","vintage");