\set ON_ERROR_STOP on
BEGIN;

CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE IF NOT EXISTS audit.row_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name  text NOT NULL,
    op          char(1) NOT NULL,
    row_data    jsonb,
    changed_by  text NOT NULL DEFAULT current_user,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $body$
DECLARE
    payload jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        payload := to_jsonb(OLD);
    ELSE
        payload := to_jsonb(NEW);
    END IF;
    -- Dynamic SQL with its own dollar quotes inside the function body.
    EXECUTE $q$INSERT INTO audit.row_changes (table_name, op, row_data) VALUES ($1, $2, $3)$q$
        USING TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, left(TG_OP, 1), payload;
    RETURN NULL;
END;
$body$;

CREATE TRIGGER vehicles_audit
    AFTER INSERT OR UPDATE OR DELETE ON fleet.vehicles
    FOR EACH ROW EXECUTE FUNCTION audit.log_change();

COMMIT;
