\set ON_ERROR_STOP on
-- Application and read-only roles. CREATE ROLE has no IF NOT EXISTS, hence the DO block.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleet_app') THEN
        CREATE ROLE fleet_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleet_readonly') THEN
        CREATE ROLE fleet_readonly NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA fleet TO fleet_app, fleet_readonly;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA fleet TO fleet_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA fleet TO fleet_app;
GRANT SELECT ON ALL TABLES IN SCHEMA fleet TO fleet_readonly;

/* Tables created by later scripts (run as the owner) get the same grants. */
ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fleet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
    GRANT USAGE, SELECT ON SEQUENCES TO fleet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
    GRANT SELECT ON TABLES TO fleet_readonly;
