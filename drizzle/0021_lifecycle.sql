CREATE TABLE "contact_lifecycles" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"stage" text,
	"since" timestamp with time zone,
	"next_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lifecycle_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "lifecycle_dormant_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "lifecycle_at_risk_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "lifecycle_lost_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "contact_lifecycles" ADD CONSTRAINT "contact_lifecycles_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_lifecycles" ADD CONSTRAINT "contact_lifecycles_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_transitions" ADD CONSTRAINT "lifecycle_transitions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_transitions" ADD CONSTRAINT "lifecycle_transitions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_lifecycles_due_idx" ON "contact_lifecycles" USING btree ("next_at") WHERE "contact_lifecycles"."next_at" is not null;--> statement-breakpoint
CREATE INDEX "contact_lifecycles_ws_stage_idx" ON "contact_lifecycles" USING btree ("workspace_id","stage");--> statement-breakpoint
CREATE INDEX "lifecycle_transitions_ws_at_idx" ON "lifecycle_transitions" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "lifecycle_transitions_contact_idx" ON "lifecycle_transitions" USING btree ("contact_id");--> statement-breakpoint
-- Every new contact, however it arrives (API, CSV import, events), gets a lifecycle row due at once:
-- the sweep stages it if the request that made it did not. One statement-level insert per batch.
CREATE FUNCTION sapa_contact_lifecycle_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_lifecycles (contact_id, workspace_id, next_at)
  SELECT n.id, n.workspace_id, n.created_at FROM new_contacts n
  ON CONFLICT (contact_id) DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER contacts_lifecycle_row AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_contacts FOR EACH STATEMENT EXECUTE FUNCTION sapa_contact_lifecycle_on_insert();--> statement-breakpoint
-- Contacts made before this migration: staged by the first sweep.
INSERT INTO contact_lifecycles (contact_id, workspace_id, next_at) SELECT id, workspace_id, created_at FROM contacts ON CONFLICT (contact_id) DO NOTHING;
