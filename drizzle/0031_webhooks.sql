CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_token" uuid,
	"last_attempt_at" timestamp with time zone,
	"response_status" integer,
	"response_ms" integer,
	"error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"events" text[] NOT NULL,
	"secret" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"paused_at" timestamp with time zone,
	"pause_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_sub_created_idx" ON "webhook_deliveries" USING btree ("subscription_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_events_ws_created_idx" ON "webhook_events" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_ws_idx" ON "webhook_subscriptions" USING btree ("workspace_id");--> statement-breakpoint
-- Outbound webhooks: the outbox is written by the database in the same transaction as the change it
-- tells of, whatever code path made the change (API, import, intake, workers). A workspace without a
-- subscription to the type pays one index probe and writes nothing.
-- sapa_webhook_emit is also the way for application code to enqueue an event inside its own
-- transaction (e.g. referral.reward_earned): SELECT sapa_webhook_emit(workspace, type, data).
-- The body every subscriber gets (Standard Webhooks' recommended shape), fixed once per event.
CREATE OR REPLACE FUNCTION sapa_webhook_body(p_type text, p_at timestamptz, p_data jsonb) RETURNS text AS $$
  SELECT jsonb_build_object('type', p_type, 'timestamp', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', p_data)::text;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_emit(p_workspace uuid, p_type text, p_data jsonb) RETURNS integer AS $$
DECLARE
  ev uuid;
  n integer;
  at timestamptz := clock_timestamp();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE workspace_id = p_workspace AND p_type = ANY(events)) THEN
    RETURN 0;
  END IF;
  ev := gen_random_uuid();
  INSERT INTO webhook_events (id, workspace_id, type, body, created_at)
  VALUES (ev, p_workspace, p_type, sapa_webhook_body(p_type, at, p_data), at);
  INSERT INTO webhook_deliveries (workspace_id, subscription_id, event_id, next_attempt_at, created_at)
  SELECT p_workspace, s.id, ev, at, at FROM webhook_subscriptions s WHERE s.workspace_id = p_workspace AND p_type = ANY(s.events);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Messages change status by the thousand per statement on the send path (a worker's batch, a
-- journey's batch): one statement per statement from the transition tables, not a plpgsql call and
-- a JSON object per row. Without a subscription to a message event anywhere, it stops at one probe.
-- Planned per call (EXECUTE), like the status history: a plan cached from a tiny first UPDATE would
-- join the transition tables by nested loop, quadratic in a big one.
-- The statement, over the changed rows `changed` (a query of the transition tables, which only the
-- trigger function itself can see, so it runs the EXECUTE).
CREATE OR REPLACE FUNCTION sapa_webhook_messages_sql(changed text) RETURNS text AS $$
  SELECT format($sql$
    WITH ev AS (
      SELECT gen_random_uuid() AS id, n.workspace_id, 'message.' || n.status AS type, jsonb_build_object(
        'messageId', n.id, 'contactId', n.contact_id, 'channel', n.channel, 'status', n.status,
        'broadcastId', n.broadcast_id, 'automationId', n.automation_id, 'journeyId', n.journey_id,
        'providerMessageId', n.provider_message_id, 'failureReason', n.failure_reason) AS data
      FROM (%s) n
      WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.workspace_id = n.workspace_id AND ('message.' || n.status) = ANY(s.events))
    ), stored AS (
      INSERT INTO webhook_events (id, workspace_id, type, body, created_at)
      SELECT id, workspace_id, type, sapa_webhook_body(type, $1, data), $1 FROM ev
      RETURNING id, workspace_id, type
    )
    INSERT INTO webhook_deliveries (workspace_id, subscription_id, event_id, next_attempt_at, created_at)
    SELECT e.workspace_id, s.id, e.id, $1, $1 FROM stored e JOIN webhook_subscriptions s ON s.workspace_id = e.workspace_id AND e.type = ANY(s.events)
  $sql$, changed);
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_messages_wanted() RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE events && ARRAY['message.sent', 'message.delivered', 'message.read', 'message.failed']);
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_messages_updated() RETURNS trigger AS $$
BEGIN
  IF sapa_webhook_messages_wanted() THEN
    EXECUTE sapa_webhook_messages_sql($q$
      SELECT n.* FROM webhook_new_messages n JOIN webhook_old_messages o ON o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status AND n.status IN ('sent', 'delivered', 'read', 'failed')$q$) USING clock_timestamp();
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_messages_inserted() RETURNS trigger AS $$
BEGIN
  IF sapa_webhook_messages_wanted() THEN
    EXECUTE sapa_webhook_messages_sql($q$SELECT n.* FROM webhook_new_messages n WHERE n.status IN ('sent', 'failed')$q$) USING clock_timestamp();
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER messages_webhooks_update
  AFTER UPDATE ON messages REFERENCING OLD TABLE AS webhook_old_messages NEW TABLE AS webhook_new_messages
  FOR EACH STATEMENT EXECUTE FUNCTION sapa_webhook_messages_updated();
--> statement-breakpoint
CREATE TRIGGER messages_webhooks_insert
  AFTER INSERT ON messages REFERENCING NEW TABLE AS webhook_new_messages
  FOR EACH STATEMENT EXECUTE FUNCTION sapa_webhook_messages_inserted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_contact_json(c contacts) RETURNS jsonb AS $$
  SELECT jsonb_build_object('contactId', c.id, 'externalId', c.external_id, 'name', c.name, 'phone', c.phone, 'email', c.email,
    'tags', to_jsonb(c.tags), 'customFields', c.custom_fields);
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- Statement triggers with transition tables: an import of many contacts is one trigger call.
CREATE OR REPLACE FUNCTION sapa_webhook_contacts_created() RETURNS trigger AS $$
DECLARE
  at timestamptz := clock_timestamp();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE 'contact.created' = ANY(s.events)
                 AND s.workspace_id IN (SELECT DISTINCT n.workspace_id FROM webhook_new_contacts n)) THEN
    RETURN NULL;
  END IF;
  -- Set-based: an import of many contacts is two statements here, not one function call per contact.
  WITH ev AS (
    INSERT INTO webhook_events (id, workspace_id, type, body, created_at)
    SELECT gen_random_uuid(), n.workspace_id, 'contact.created', sapa_webhook_body('contact.created', at, sapa_webhook_contact_json(n)), at
    FROM webhook_new_contacts n
    WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.workspace_id = n.workspace_id AND 'contact.created' = ANY(s.events))
    RETURNING id, workspace_id)
  INSERT INTO webhook_deliveries (workspace_id, subscription_id, event_id, next_attempt_at, created_at)
  SELECT ev.workspace_id, s.id, ev.id, at, at FROM ev JOIN webhook_subscriptions s ON s.workspace_id = ev.workspace_id AND 'contact.created' = ANY(s.events);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contacts_webhooks_created
  AFTER INSERT ON contacts REFERENCING NEW TABLE AS webhook_new_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION sapa_webhook_contacts_created();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_contacts_updated() RETURNS trigger AS $$
DECLARE
  at timestamptz := clock_timestamp();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE 'contact.updated' = ANY(s.events)
                 AND s.workspace_id IN (SELECT DISTINCT n.workspace_id FROM webhook_new_contacts n)) THEN
    RETURN NULL;
  END IF;
  -- Only what a subscriber sees changed: bookkeeping columns (bounce marks, last inbound time) are not an update.
  WITH ev AS (
    INSERT INTO webhook_events (id, workspace_id, type, body, created_at)
    SELECT gen_random_uuid(), n.workspace_id, 'contact.updated', sapa_webhook_body('contact.updated', at, sapa_webhook_contact_json(n)), at
    FROM webhook_new_contacts n JOIN webhook_old_contacts o ON o.id = n.id
    WHERE (n.name, n.phone, n.email, n.external_id, n.tags, n.custom_fields) IS DISTINCT FROM (o.name, o.phone, o.email, o.external_id, o.tags, o.custom_fields)
      AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.workspace_id = n.workspace_id AND 'contact.updated' = ANY(s.events))
    RETURNING id, workspace_id)
  INSERT INTO webhook_deliveries (workspace_id, subscription_id, event_id, next_attempt_at, created_at)
  SELECT ev.workspace_id, s.id, ev.id, at, at FROM ev JOIN webhook_subscriptions s ON s.workspace_id = ev.workspace_id AND 'contact.updated' = ANY(s.events);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contacts_webhooks_updated
  AFTER UPDATE ON contacts REFERENCING OLD TABLE AS webhook_old_contacts NEW TABLE AS webhook_new_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION sapa_webhook_contacts_updated();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_opted_out() RETURNS trigger AS $$
BEGIN
  PERFORM sapa_webhook_emit(NEW.workspace_id, 'contact.opted_out',
    jsonb_build_object('contactId', NEW.contact_id, 'channel', NEW.channel, 'source', NEW.source, 'at', NEW.at));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contact_consents_webhooks_insert
  AFTER INSERT ON contact_consents
  FOR EACH ROW WHEN (NEW.status = 'opted_out')
  EXECUTE FUNCTION sapa_webhook_opted_out();
--> statement-breakpoint
CREATE TRIGGER contact_consents_webhooks_update
  AFTER UPDATE OF status ON contact_consents
  FOR EACH ROW WHEN (NEW.status = 'opted_out' AND OLD.status IS DISTINCT FROM 'opted_out')
  EXECUTE FUNCTION sapa_webhook_opted_out();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_assigned() RETURNS trigger AS $$
BEGIN
  PERFORM sapa_webhook_emit(NEW.workspace_id, 'conversation.assigned', jsonb_build_object(
    'conversationId', NEW.id, 'contactId', NEW.contact_id, 'channel', NEW.channel, 'assigneeId', NEW.assignee_id,
    'assigneeName', (SELECT u.name FROM users u WHERE u.id = NEW.assignee_id)));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER conversations_webhooks_assigned
  AFTER UPDATE OF assignee_id ON conversations
  FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL AND NEW.assignee_id IS DISTINCT FROM OLD.assignee_id)
  EXECUTE FUNCTION sapa_webhook_assigned();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_broadcast_done() RETURNS trigger AS $$
BEGIN
  PERFORM sapa_webhook_emit(NEW.workspace_id, 'broadcast.done', jsonb_build_object(
    'broadcastId', NEW.id, 'name', NEW.name, 'channel', NEW.channel, 'total', NEW.total, 'finishedAt', NEW.finished_at));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER broadcasts_webhooks_done
  AFTER UPDATE OF status ON broadcasts
  FOR EACH ROW WHEN (NEW.status = 'done' AND OLD.status IS DISTINCT FROM 'done')
  EXECUTE FUNCTION sapa_webhook_broadcast_done();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_rfm() RETURNS trigger AS $$
BEGIN
  PERFORM sapa_webhook_emit(NEW.workspace_id, 'rfm.segment_changed', jsonb_build_object(
    'contactId', NEW.contact_id, 'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.segment ELSE NULL END, 'to', NEW.segment,
    'r', NEW.r, 'f', NEW.f, 'm', NEW.m));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contact_insights_webhooks_insert
  AFTER INSERT ON contact_insights
  FOR EACH ROW EXECUTE FUNCTION sapa_webhook_rfm();
--> statement-breakpoint
CREATE TRIGGER contact_insights_webhooks_update
  AFTER UPDATE OF segment ON contact_insights
  FOR EACH ROW WHEN (NEW.segment IS DISTINCT FROM OLD.segment)
  EXECUTE FUNCTION sapa_webhook_rfm();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sapa_webhook_stage() RETURNS trigger AS $$
BEGIN
  PERFORM sapa_webhook_emit(NEW.workspace_id, 'lifecycle.stage_changed', jsonb_build_object(
    'contactId', NEW.contact_id, 'from', NEW.from_stage, 'to', NEW.to_stage, 'at', NEW.at));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER lifecycle_transitions_webhooks
  AFTER INSERT ON lifecycle_transitions
  FOR EACH ROW EXECUTE FUNCTION sapa_webhook_stage();
