ALTER TABLE "broadcasts" ADD COLUMN "track_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "clicked_at" timestamp with time zone;