-- Every status change of a message leaves one history row, written by the database in the same
-- statement as the change: a crash can never leave a status without its history or the reverse.
CREATE OR REPLACE FUNCTION sapa_message_status_history() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  INSERT INTO message_status_history (workspace_id, message_id, status, reason, detail, at)
  VALUES (
    NEW.workspace_id,
    NEW.id,
    NEW.status,
    CASE
      WHEN NEW.status = 'sending' THEN CASE WHEN NEW.attempts > 1 THEN 'attempt ' || NEW.attempts ELSE NULL END
      WHEN NEW.status IN ('queued', 'failed', 'skipped') THEN NEW.failure_reason
      ELSE NULL
    END,
    CASE WHEN NEW.status IN ('queued', 'failed', 'skipped') THEN NEW.failure_detail ELSE NULL END,
    NEW.updated_at
  );
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER messages_status_history
  AFTER INSERT OR UPDATE OF status ON messages
  FOR EACH ROW EXECUTE FUNCTION sapa_message_status_history();
