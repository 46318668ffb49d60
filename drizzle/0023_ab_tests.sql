ALTER TABLE "broadcasts" ADD COLUMN "variants" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_test" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_decide_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_winner" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "ab_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "variant" text;--> statement-breakpoint
CREATE INDEX "broadcasts_ab_decide_idx" ON "broadcasts" USING btree ("ab_decide_at") WHERE "broadcasts"."ab_decide_at" is not null and "broadcasts"."ab_winner" is null;