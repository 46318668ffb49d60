-- Engine v2: channel-neutral message content, channel accounts per workspace, the shared send pace,
-- custom field keys, and the indexes the next features query. pg_trgm serves the '%…%' searches.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "channel_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"sender_key" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" text NOT NULL,
	"rate_per_second" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_field_keys" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_field_keys_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "sender_pace" (
	"sender_key" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"factor" double precision DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP INDEX "orders_contact_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "content" jsonb;--> statement-breakpoint
UPDATE "messages" SET "content" = jsonb_build_object(
  'channel', "channel",
  'params', "params",
  'template', CASE WHEN "whatsapp_template_name" IS NULL THEN NULL
    ELSE jsonb_build_object('name', "whatsapp_template_name", 'language', coalesce("whatsapp_language", 'id')) END
) WHERE "channel" = 'whatsapp';--> statement-breakpoint
UPDATE "messages" SET "content" = jsonb_build_object('channel', "channel") WHERE "content" IS NULL;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "content" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "request_id" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "config_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_accounts" ADD CONSTRAINT "channel_accounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_field_keys" ADD CONSTRAINT "custom_field_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_accounts_ws_channel_uq" ON "channel_accounts" USING btree ("workspace_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_accounts_sender_uq" ON "channel_accounts" USING btree ("channel","sender_key");--> statement-breakpoint
CREATE INDEX "contact_consents_ws_channel_status_idx" ON "contact_consents" USING btree ("workspace_id","channel","status");--> statement-breakpoint
CREATE INDEX "contacts_ws_created_idx" ON "contacts" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_phone_trgm_idx" ON "contacts" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_email_trgm_idx" ON "contacts" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_tags_gin_idx" ON "contacts" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "contacts_custom_gin_idx" ON "contacts" USING gin ("custom_fields" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "inbound_ws_contact_idx" ON "inbound_messages" USING btree ("workspace_id","contact_id","received_at");--> statement-breakpoint
CREATE INDEX "orders_contact_idx" ON "orders" USING btree ("workspace_id","contact_id","occurred_at");