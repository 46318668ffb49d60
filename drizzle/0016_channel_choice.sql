ALTER TABLE "automations" ADD COLUMN "channels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "channels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "fallback_channels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "fallback_content" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "fallback_of" uuid;--> statement-breakpoint
CREATE INDEX "messages_fallback_of_idx" ON "messages" USING btree ("fallback_of") WHERE "messages"."fallback_of" is not null;--> statement-breakpoint
-- Hand-written: rows made before channel choice go on their one channel.
UPDATE "automations" SET "channels" = ARRAY["channel"] WHERE "channels" = '{}';--> statement-breakpoint
UPDATE "broadcasts" SET "channels" = ARRAY["channel"] WHERE "channels" = '{}';
