\set ON_ERROR_STOP on
-- The BI tool connects as fleet_readonly; it must not read driver phone numbers.
REVOKE SELECT ON fleet.drivers FROM fleet_readonly;
GRANT SELECT (id, depot_id, full_name, active, created_at) ON fleet.drivers TO fleet_readonly;
GRANT SELECT ON fleet.telemetry, fleet.maintenance_jobs, fleet.fuel_logs TO fleet_readonly;
