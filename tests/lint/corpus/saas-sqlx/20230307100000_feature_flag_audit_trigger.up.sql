CREATE OR REPLACE FUNCTION audit_flag_override() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, action, target, details)
    VALUES (
        coalesce(NEW.tenant_id, OLD.tenant_id),
        'feature_flag.' || lower(TG_OP),
        coalesce(NEW.flag_key, OLD.flag_key),
        jsonb_build_object('enabled', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.enabled END)
    );
    RETURN NULL;
END;
$$;

CREATE TRIGGER flag_overrides_audit
    AFTER INSERT OR UPDATE OR DELETE ON flag_overrides
    FOR EACH ROW EXECUTE FUNCTION audit_flag_override();
