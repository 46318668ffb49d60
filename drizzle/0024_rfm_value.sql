CREATE TABLE "contact_insights" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"first_order_at" timestamp with time zone NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL,
	"orders" integer NOT NULL,
	"revenue" numeric(18, 2) NOT NULL,
	"first_order_total" numeric(18, 2) NOT NULL,
	"r" integer NOT NULL,
	"f" integer NOT NULL,
	"m" integer NOT NULL,
	"segment" text NOT NULL,
	"predicted_value" numeric(18, 2),
	"stats_as_of" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspace_insights" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"rfm_cuts" jsonb,
	"rfm_computed_at" timestamp with time zone,
	"rfm_contacts" integer DEFAULT 0 NOT NULL,
	"clv_model" jsonb,
	"clv_fitted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contact_insights" ADD CONSTRAINT "contact_insights_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_insights" ADD CONSTRAINT "contact_insights_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_insights" ADD CONSTRAINT "workspace_insights_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_insights_segment_idx" ON "contact_insights" USING btree ("workspace_id","segment");--> statement-breakpoint
CREATE INDEX "contact_insights_grid_idx" ON "contact_insights" USING btree ("workspace_id","r","f");