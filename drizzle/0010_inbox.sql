CREATE TABLE "auto_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"keyword" text NOT NULL,
	"template_id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"last_message_at" timestamp with time zone NOT NULL,
	"last_message_text" text DEFAULT '' NOT NULL,
	"last_message_direction" text NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "away_template_id" uuid;--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auto_replies_keyword_uq" ON "auto_replies" USING btree ("workspace_id","keyword");--> statement-breakpoint
CREATE INDEX "conversation_notes_conv_idx" ON "conversation_notes" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_contact_uq" ON "conversations" USING btree ("workspace_id","contact_id","channel");--> statement-breakpoint
CREATE INDEX "conversations_ws_last_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_ws_status_last_idx" ON "conversations" USING btree ("workspace_id","status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_ws_assignee_last_idx" ON "conversations" USING btree ("workspace_id","assignee_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_ws_changed_idx" ON "conversations" USING btree ("workspace_id","changed_at");--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_away_template_id_templates_id_fk" FOREIGN KEY ("away_template_id") REFERENCES "public"."templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_marketing_sending_idx" ON "messages" USING btree ("contact_id","channel") WHERE "messages"."category" = 'marketing' and "messages"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("contact_id","channel","created_at");--> statement-breakpoint
-- ───── Hand-written (re-append after regenerating): the inbox's conversations, kept set-wise. ─────
-- One row per (workspace, contact, channel), written by statement triggers in the same statement
-- as the messages, so an inbox page never aggregates messages. changed_at (clock time, not the
-- transaction's) is the change feed the live stream reads.
CREATE FUNCTION sapa_conversations_on_inbound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversations AS c (workspace_id, contact_id, channel, status, last_message_at, last_message_text, last_message_direction, last_inbound_at, unread_count, changed_at)
  SELECT n.workspace_id, n.contact_id, n.channel, 'open', max(n.received_at),
         (array_agg(coalesce(n.text, '') ORDER BY n.received_at DESC))[1], 'in', max(n.received_at), count(*), clock_timestamp()
  FROM new_rows n WHERE n.contact_id IS NOT NULL
  GROUP BY n.workspace_id, n.contact_id, n.channel
  ON CONFLICT (workspace_id, contact_id, channel) DO UPDATE SET
    last_message_text = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_text ELSE c.last_message_text END,
    last_message_direction = CASE WHEN excluded.last_message_at >= c.last_message_at THEN 'in' ELSE c.last_message_direction END,
    last_message_at = greatest(c.last_message_at, excluded.last_message_at),
    last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
    unread_count = c.unread_count + excluded.unread_count,
    -- A customer writing again reopens a closed conversation.
    status = 'open',
    changed_at = excluded.changed_at;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER inbound_messages_conversations AFTER INSERT ON inbound_messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_conversations_on_inbound();--> statement-breakpoint
-- Outbound: an agent's quick message or an auto-reply starts a conversation; an automation's message
-- shows in one that exists. A broadcast's messages leave conversations alone (they are listed in the
-- conversation's messages all the same): a broadcast to 100,000 contacts neither reorders the whole
-- inbox nor rewrites 100,000 rows at fan-out and again at each status webhook.
CREATE FUNCTION sapa_conversations_on_message_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Groups that start a conversation upsert it; the others touch one only if it exists. The two
  -- sets of keys are disjoint (starts is per group), so one statement does both.
  WITH o AS (
    SELECT n.workspace_id, n.contact_id, n.channel, max(n.created_at) AS at, (array_agg(n.body ORDER BY n.created_at DESC))[1] AS body,
           bool_or(n.idempotency_key LIKE 'quick:%' OR n.idempotency_key LIKE 'autoreply:%') AS starts
    FROM new_rows n WHERE n.contact_id IS NOT NULL AND n.broadcast_id IS NULL
    GROUP BY n.workspace_id, n.contact_id, n.channel
  ), started AS (
    INSERT INTO conversations AS c (workspace_id, contact_id, channel, status, last_message_at, last_message_text, last_message_direction, changed_at)
    SELECT o.workspace_id, o.contact_id, o.channel, 'open', o.at, o.body, 'out', clock_timestamp() FROM o WHERE o.starts
    ON CONFLICT (workspace_id, contact_id, channel) DO UPDATE SET
      last_message_text = CASE WHEN excluded.last_message_at >= c.last_message_at THEN excluded.last_message_text ELSE c.last_message_text END,
      last_message_direction = CASE WHEN excluded.last_message_at >= c.last_message_at THEN 'out' ELSE c.last_message_direction END,
      last_message_at = greatest(c.last_message_at, excluded.last_message_at),
      changed_at = excluded.changed_at
  )
  UPDATE conversations c SET
    last_message_text = CASE WHEN o.at >= c.last_message_at THEN o.body ELSE c.last_message_text END,
    last_message_direction = CASE WHEN o.at >= c.last_message_at THEN 'out' ELSE c.last_message_direction END,
    last_message_at = greatest(c.last_message_at, o.at),
    changed_at = clock_timestamp()
  FROM o
  WHERE NOT o.starts AND c.workspace_id = o.workspace_id AND c.contact_id = o.contact_id AND c.channel = o.channel;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER messages_conversations_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_conversations_on_message_insert();--> statement-breakpoint
-- A status change (sent, delivered, read, failed) is news for whoever has the conversation open.
-- Planned per call (EXECUTE), like the status history of 0008: a plan cached from a connection's
-- first, tiny UPDATE joins the transition tables by nested loop, quadratic in a big UPDATE's rows.
CREATE FUNCTION sapa_conversations_on_message_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
    UPDATE conversations c SET changed_at = clock_timestamp()
    FROM (
      SELECT DISTINCT n.workspace_id, n.contact_id, n.channel
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.contact_id IS NOT NULL AND n.broadcast_id IS NULL AND n.status IS DISTINCT FROM o.status
    ) x
    WHERE c.workspace_id = x.workspace_id AND c.contact_id = x.contact_id AND c.channel = x.channel
  $sql$;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER messages_conversations_status AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sapa_conversations_on_message_status();--> statement-breakpoint
-- Conversations for the inbound messages stored before this migration.
INSERT INTO conversations (workspace_id, contact_id, channel, status, last_message_at, last_message_text, last_message_direction, last_inbound_at, unread_count)
SELECT workspace_id, contact_id, channel, 'open', max(received_at), (array_agg(coalesce(text, '') ORDER BY received_at DESC))[1], 'in', max(received_at), 0
FROM inbound_messages WHERE contact_id IS NOT NULL
GROUP BY workspace_id, contact_id, channel
ON CONFLICT DO NOTHING;
