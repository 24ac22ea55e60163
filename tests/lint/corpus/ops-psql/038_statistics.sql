\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';

-- The planner underestimates trips per (vehicle, status); tell it they correlate.
CREATE STATISTICS IF NOT EXISTS fleet.trips_vehicle_status_stats (dependencies, ndistinct)
    ON vehicle_id, status FROM fleet.trips;
ALTER TABLE fleet.trips ALTER COLUMN vehicle_id SET STATISTICS 1000;

COMMIT;

ANALYZE fleet.trips;
