\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
-- Matches the wording of the registration documents (OPS-262).
ALTER TABLE fleet.vehicles RENAME COLUMN plate TO registration_plate;
COMMIT;
