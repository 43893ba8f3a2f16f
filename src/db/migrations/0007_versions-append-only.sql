-- Versions of sites, proposals and Asset Management Plans are history: appended, never changed.
CREATE FUNCTION versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER site_versions_append_only BEFORE UPDATE OR DELETE ON site_versions
  FOR EACH ROW EXECUTE FUNCTION versions_refuse_change();--> statement-breakpoint
CREATE TRIGGER proposal_versions_append_only BEFORE UPDATE OR DELETE ON proposal_versions
  FOR EACH ROW EXECUTE FUNCTION versions_refuse_change();--> statement-breakpoint
CREATE TRIGGER amp_versions_append_only BEFORE UPDATE OR DELETE ON amp_versions
  FOR EACH ROW EXECUTE FUNCTION versions_refuse_change();
