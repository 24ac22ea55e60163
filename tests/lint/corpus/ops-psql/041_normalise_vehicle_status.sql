\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
UPDATE fleet.vehicles SET status = lower(trim(status));
COMMIT;
