CREATE TABLE "media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"token" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_header" jsonb;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_buttons" jsonb;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "whatsapp_submitted_buttons" text[];--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "header" jsonb;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "buttons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "media_token_uq" ON "media" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "media_hash_uq" ON "media" USING btree ("workspace_id","sha256","filename");--> statement-breakpoint
-- Hand-written: JPEG, PNG and PDF are compressed already; EXTERNAL keeps them out of line
-- (TOAST) without PostgreSQL trying to compress them again on every upload.
ALTER TABLE "media" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
