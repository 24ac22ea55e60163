\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
-- now() is stable: evaluated once and stored as the column's missing value, no rewrite.
ALTER TABLE fleet.vehicles ADD COLUMN registered_at timestamptz NOT NULL DEFAULT now();
COMMIT;
