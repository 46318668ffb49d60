-- A broadcast's copy of its template (taken on Send: editing the template mid-broadcast changes nothing of it);
-- indexes for erasing a contact (its events; its orders by contact_id first, which the FK cascade needs) and for
-- the `orders.product contains` segment rule (trigram GIN on the item name, as ILIKE '%…%' uses it); tag counts
-- per workspace kept by triggers on contacts.
CREATE TABLE "contact_tag_counts" (
	"workspace_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "contact_tag_counts_workspace_id_tag_pk" PRIMARY KEY("workspace_id","tag")
);
--> statement-breakpoint
DROP INDEX "orders_contact_idx";--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_code" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_message" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_category" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_whatsapp_name" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "template_whatsapp_language" text;--> statement-breakpoint
ALTER TABLE "contact_tag_counts" ADD CONSTRAINT "contact_tag_counts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_contact_idx" ON "events" USING btree ("contact_id") WHERE "events"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "order_items_name_trgm_idx" ON "order_items" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_contact_idx" ON "orders" USING btree ("contact_id","workspace_id","occurred_at");--> statement-breakpoint
-- Broadcasts sent or scheduled before this migration get their template as it is now: the best copy there is.
UPDATE "broadcasts" b SET "template_code" = t."code", "template_message" = t."message", "template_category" = t."category",
  "template_whatsapp_name" = t."whatsapp_name", "template_whatsapp_language" = t."whatsapp_language"
FROM "templates" t WHERE t."id" = b."template_id" AND b."status" <> 'draft';
--> statement-breakpoint
-- contact_tag_counts follows the contacts' tags (see schema.ts): each statement's deltas, added in (workspace, tag)
-- order, so two writers lock the rows they share in the same order, by INSERT … ON CONFLICT DO UPDATE: exact under
-- concurrent writers (the second waits for the first's row and adds to what it committed). A row that reaches zero
-- goes (a zero is never committed, so the sweep of a workspace's zeros meets only this statement's own rows). A
-- workspace being deleted takes its counts with it: the join on workspaces drops its deltas. The deltas are
-- computed inline in each function: handing them to a shared function as arrays cost 2.4 times as much.
CREATE FUNCTION sapa_contact_tag_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_tag_counts AS c (workspace_id, tag, count)
  SELECT d.ws, d.tag, d.delta FROM (
    SELECT n.workspace_id AS ws, t.tag, count(*)::integer AS delta FROM new_rows n CROSS JOIN LATERAL unnest(n.tags) AS t(tag)
    GROUP BY 1, 2
  ) d JOIN workspaces w ON w.id = d.ws
  ORDER BY d.ws, d.tag
  ON CONFLICT (workspace_id, tag) DO UPDATE SET count = c.count + excluded.count;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION sapa_contact_tag_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Rows whose tags did not change (most updates: names, inbound times, custom fields) cancel out in the sum.
  INSERT INTO contact_tag_counts AS c (workspace_id, tag, count)
  SELECT d.ws, d.tag, d.delta FROM (
    SELECT x.ws, x.tag, sum(x.delta)::integer AS delta FROM (
      SELECT n.workspace_id AS ws, t.tag, 1 AS delta FROM new_rows n CROSS JOIN LATERAL unnest(n.tags) AS t(tag)
      UNION ALL
      SELECT o.workspace_id, t.tag, -1 FROM old_rows o CROSS JOIN LATERAL unnest(o.tags) AS t(tag)
    ) x GROUP BY 1, 2 HAVING sum(x.delta) <> 0
  ) d JOIN workspaces w ON w.id = d.ws
  ORDER BY d.ws, d.tag
  ON CONFLICT (workspace_id, tag) DO UPDATE SET count = c.count + excluded.count;
  IF FOUND THEN
    DELETE FROM contact_tag_counts c WHERE c.count <= 0 AND c.workspace_id IN (SELECT DISTINCT o.workspace_id FROM old_rows o);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION sapa_contact_tag_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_tag_counts AS c (workspace_id, tag, count)
  SELECT d.ws, d.tag, d.delta FROM (
    SELECT o.workspace_id AS ws, t.tag, -count(*)::integer AS delta FROM old_rows o CROSS JOIN LATERAL unnest(o.tags) AS t(tag)
    GROUP BY 1, 2
  ) d JOIN workspaces w ON w.id = d.ws
  ORDER BY d.ws, d.tag
  ON CONFLICT (workspace_id, tag) DO UPDATE SET count = c.count + excluded.count;
  IF FOUND THEN
    DELETE FROM contact_tag_counts c WHERE c.count <= 0 AND c.workspace_id IN (SELECT DISTINCT o.workspace_id FROM old_rows o);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER contacts_tag_counts_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_contact_tag_counts_insert();--> statement-breakpoint
CREATE TRIGGER contacts_tag_counts_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_contact_tag_counts_update();--> statement-breakpoint
CREATE TRIGGER contacts_tag_counts_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_contact_tag_counts_delete();--> statement-breakpoint
-- The counts as they are now; the triggers above (created in this transaction, which holds contacts against
-- writers until it commits) keep them from here on.
INSERT INTO contact_tag_counts (workspace_id, tag, count)
SELECT c.workspace_id, t.tag, count(*) FROM contacts c CROSS JOIN LATERAL unnest(c.tags) AS t(tag) GROUP BY 1, 2;
