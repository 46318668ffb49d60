ALTER TABLE "broadcasts" ADD COLUMN "template_link" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "link" text;