CREATE TABLE "journey_ab_decisions" (
	"journey_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"winner" text NOT NULL,
	"verdict" text NOT NULL,
	"p_value" double precision,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journey_ab_decisions_journey_id_step_id_pk" PRIMARY KEY("journey_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "journey_ab_decisions" ADD CONSTRAINT "journey_ab_decisions_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_ab_decisions" ADD CONSTRAINT "journey_ab_decisions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;