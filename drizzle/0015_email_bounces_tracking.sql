ALTER TABLE "broadcasts" ADD COLUMN "track_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "email_bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "email_bounce_reason" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "clicked_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written: a bounce belongs to an address, not to the contact. Whatever path changes the
-- contact's email (API, import, events), the new address starts unbounced.
CREATE OR REPLACE FUNCTION sapa_contact_email_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF lower(coalesce(NEW.email, '')) IS DISTINCT FROM lower(coalesce(OLD.email, '')) THEN
    NEW.email_bounced_at := NULL;
    NEW.email_bounce_reason := NULL;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER contacts_email_changed BEFORE UPDATE OF email ON contacts
  FOR EACH ROW EXECUTE FUNCTION sapa_contact_email_changed();
