-- A broadcast's copy of its template (taken on Send: editing the template mid-broadcast changes nothing of it);
-- indexes for erasing a contact (its events; its orders by contact_id first, which the FK cascade needs) and for
-- the `orders.product contains` segment rule (trigram GIN on the item name, as ILIKE '%…%' uses it).
DROP INDEX "orders_contact_idx";--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_code" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_message" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_category" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_whatsapp_name" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_whatsapp_language" text;--> statement-breakpoint
CREATE INDEX "events_contact_idx" ON "events" USING btree ("contact_id") WHERE "events"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "order_items_name_trgm_idx" ON "order_items" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_contact_idx" ON "orders" USING btree ("contact_id","workspace_id","occurred_at");--> statement-breakpoint
-- Broadcasts sent or scheduled before this migration get their template as it is now: the best copy there is.
UPDATE "broadcasts" b SET "template_code" = t."code", "template_message" = t."message", "template_category" = t."category",
  "template_whatsapp_name" = t."whatsapp_name", "template_whatsapp_language" = t."whatsapp_language"
FROM "templates" t WHERE t."id" = b."template_id" AND b."status" <> 'draft';
