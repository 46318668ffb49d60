ALTER TABLE "broadcasts" ADD COLUMN "template_subject" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_html" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_title" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "title" text;