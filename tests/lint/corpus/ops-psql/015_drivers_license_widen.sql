\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
-- EU licence numbers with country prefix need up to 32 characters; no rewrite.
ALTER TABLE fleet.drivers ALTER COLUMN license_no TYPE character varying(32);
COMMIT;
