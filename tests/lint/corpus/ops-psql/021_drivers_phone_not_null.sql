\set ON_ERROR_STOP on
-- Dispatch needs a phone number for every driver (OPS-240). Checked: no NULLs left.
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.drivers ALTER COLUMN phone SET NOT NULL;
COMMIT;
