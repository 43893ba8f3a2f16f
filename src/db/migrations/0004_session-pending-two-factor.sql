ALTER TABLE "sessions" ADD COLUMN "pending_totp_secret" text;--> statement-breakpoint
-- Sessions from before two-factor authentication end: everyone signs in again under the new rules.
DELETE FROM "sessions";
