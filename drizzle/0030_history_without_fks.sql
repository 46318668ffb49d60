ALTER TABLE "message_status_history" DROP CONSTRAINT "message_status_history_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "message_status_history" DROP CONSTRAINT "message_status_history_message_id_messages_id_fk";
--> statement-breakpoint
-- The cascade the foreign key gave, once per statement: a deleted message (a workspace deleted,
-- or by hand) takes its history with it.
CREATE FUNCTION sapa_message_history_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM message_status_history h USING old_rows o WHERE h.message_id = o.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER messages_status_history_delete AFTER DELETE ON messages
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_message_history_on_delete();
