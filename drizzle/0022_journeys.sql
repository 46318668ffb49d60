CREATE TABLE "journey_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"journey_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"trigger_key" text,
	"event_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"position" text,
	"phase" text DEFAULT 'arrive' NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"awaiting" text[] DEFAULT '{}'::text[] NOT NULL,
	"event_arrived" boolean DEFAULT false NOT NULL,
	"single" boolean DEFAULT true NOT NULL,
	"end_reason" text,
	"entered_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"trigger_event" text,
	"trigger_segment_id" uuid,
	"exit_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"awaited_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"allow_reentry" boolean DEFAULT false NOT NULL,
	"recipe" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "journey_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "journey_step_id" text;--> statement-breakpoint
ALTER TABLE "journey_runs" ADD CONSTRAINT "journey_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_runs" ADD CONSTRAINT "journey_runs_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_runs" ADD CONSTRAINT "journey_runs_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_runs" ADD CONSTRAINT "journey_runs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_trigger_segment_id_segments_id_fk" FOREIGN KEY ("trigger_segment_id") REFERENCES "public"."segments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "journey_runs_due_idx" ON "journey_runs" USING btree ("due_at") WHERE "journey_runs"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "journey_runs_single_uq" ON "journey_runs" USING btree ("journey_id","contact_id") WHERE "journey_runs"."status" = 'active' and "journey_runs"."single";--> statement-breakpoint
CREATE UNIQUE INDEX "journey_runs_trigger_uq" ON "journey_runs" USING btree ("journey_id","trigger_key") WHERE "journey_runs"."trigger_key" is not null;--> statement-breakpoint
CREATE INDEX "journey_runs_contact_idx" ON "journey_runs" USING btree ("contact_id") WHERE "journey_runs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "journey_runs_journey_idx" ON "journey_runs" USING btree ("journey_id","status","position");--> statement-breakpoint
CREATE INDEX "journeys_ws_idx" ON "journeys" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "journeys_trigger_idx" ON "journeys" USING btree ("workspace_id","trigger_event") WHERE "journeys"."status" = 'active';--> statement-breakpoint
CREATE INDEX "messages_journey_idx" ON "messages" USING btree ("journey_id","journey_step_id") WHERE "messages"."journey_id" is not null;--> statement-breakpoint
-- A journey's change reaches event intake through the workspace's config_version (see schema.ts journeys).
CREATE TRIGGER journeys_config_version AFTER INSERT OR UPDATE OR DELETE ON journeys
  FOR EACH ROW EXECUTE FUNCTION sapa_bump_config_version();
