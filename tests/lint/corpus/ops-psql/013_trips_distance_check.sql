\set ON_ERROR_STOP on
-- Step 1: a NOT VALID check takes ACCESS EXCLUSIVE only for a moment.
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.trips
    ADD CONSTRAINT trips_distance_nonnegative CHECK (distance_m >= 0) NOT VALID;
COMMIT;

-- Step 2: validation scans the table under SHARE UPDATE EXCLUSIVE (writes continue).
ALTER TABLE fleet.trips VALIDATE CONSTRAINT trips_distance_nonnegative;
