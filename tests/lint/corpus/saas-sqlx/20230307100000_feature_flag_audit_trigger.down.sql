DROP TRIGGER flag_overrides_audit ON flag_overrides;
DROP FUNCTION audit_flag_override();
