\set ON_ERROR_STOP on
-- Contract: the last legacy GPS box was removed in June; nothing reads the column since 4.2.
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.vehicles DROP COLUMN IF EXISTS legacy_gps_unit;
COMMIT;
