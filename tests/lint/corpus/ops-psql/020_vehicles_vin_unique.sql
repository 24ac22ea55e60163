\set ON_ERROR_STOP on

SET lock_timeout = 0;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS vehicles_vin_key ON fleet.vehicles (vin);
RESET lock_timeout;

BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.vehicles ADD CONSTRAINT vehicles_vin_key UNIQUE USING INDEX vehicles_vin_key;
COMMIT;
