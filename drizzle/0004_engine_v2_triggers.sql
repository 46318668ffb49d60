ALTER TABLE "messages" DROP COLUMN "params";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "whatsapp_template_name";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "whatsapp_language";--> statement-breakpoint
-- Status history, one statement per statement: the row trigger of 0002 ran a plpgsql INSERT per
-- message, which doubled the cost of a bulk insert. These statement triggers write the history of a
-- whole INSERT or UPDATE with one INSERT … SELECT from the transition tables; still exact, still in
-- the same statement as the change.
DROP TRIGGER IF EXISTS messages_status_history ON messages;--> statement-breakpoint
DROP FUNCTION IF EXISTS sapa_message_status_history();--> statement-breakpoint
CREATE FUNCTION sapa_message_history_reason(status text, attempts integer, failure_reason text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN status = 'sending' THEN CASE WHEN attempts > 1 THEN 'attempt ' || attempts ELSE NULL END
    WHEN status IN ('queued', 'failed', 'skipped') THEN failure_reason
    ELSE NULL
  END
$$;--> statement-breakpoint
CREATE FUNCTION sapa_message_history_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_status_history (workspace_id, message_id, status, reason, detail, at)
  SELECT n.workspace_id, n.id, n.status, sapa_message_history_reason(n.status, n.attempts, n.failure_reason),
         CASE WHEN n.status IN ('queued', 'failed', 'skipped') THEN n.failure_detail ELSE NULL END, n.updated_at
  FROM new_rows n;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION sapa_message_history_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_status_history (workspace_id, message_id, status, reason, detail, at)
  SELECT n.workspace_id, n.id, n.status, sapa_message_history_reason(n.status, n.attempts, n.failure_reason),
         CASE WHEN n.status IN ('queued', 'failed', 'skipped') THEN n.failure_detail ELSE NULL END, n.updated_at
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.status IS DISTINCT FROM o.status;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER messages_status_history_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_message_history_on_insert();--> statement-breakpoint
CREATE TRIGGER messages_status_history_update AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_message_history_on_update();--> statement-breakpoint
-- Any change to a workspace's templates or automations bumps its config_version (see schema.ts).
CREATE FUNCTION sapa_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workspaces SET config_version = config_version + 1
  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER templates_config_version AFTER INSERT OR UPDATE OR DELETE ON templates
  FOR EACH ROW EXECUTE FUNCTION sapa_bump_config_version();--> statement-breakpoint
CREATE TRIGGER automations_config_version AFTER INSERT OR UPDATE OR DELETE ON automations
  FOR EACH ROW EXECUTE FUNCTION sapa_bump_config_version();--> statement-breakpoint
-- custom_field_keys follows the contacts' custom fields (keys are kept once seen).
CREATE FUNCTION sapa_custom_field_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO custom_field_keys (workspace_id, key)
  SELECT DISTINCT n.workspace_id, k FROM new_rows n, jsonb_object_keys(n.custom_fields) k
  WHERE n.custom_fields <> '{}'::jsonb
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER contacts_custom_field_keys_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_custom_field_keys();--> statement-breakpoint
CREATE TRIGGER contacts_custom_field_keys_update AFTER UPDATE ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_custom_field_keys();--> statement-breakpoint
INSERT INTO custom_field_keys (workspace_id, key)
SELECT DISTINCT workspace_id, jsonb_object_keys(custom_fields) FROM contacts WHERE custom_fields <> '{}'::jsonb
ON CONFLICT DO NOTHING;
