\set ON_ERROR_STOP on
-- 017 failed in production: "CREATE INDEX CONCURRENTLY cannot run inside a
-- transaction block". Same index, autocommit this time.
SET lock_timeout = 0;
CREATE INDEX CONCURRENTLY IF NOT EXISTS fuel_logs_vehicle_filled_idx
    ON fleet.fuel_logs (vehicle_id, filled_at DESC);
RESET lock_timeout;
