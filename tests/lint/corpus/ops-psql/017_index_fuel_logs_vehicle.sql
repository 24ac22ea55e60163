\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';

CREATE INDEX CONCURRENTLY fuel_logs_vehicle_filled_idx
    ON fleet.fuel_logs (vehicle_id, filled_at DESC);

COMMIT;
