ALTER TABLE "areas" DROP CONSTRAINT "areas_short_code_unique";--> statement-breakpoint
ALTER TABLE "areas" DROP CONSTRAINT "areas_tile_position";