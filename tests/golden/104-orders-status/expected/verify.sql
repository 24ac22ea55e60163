-- Issue #104: Add a status to orders — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column orders.status is varchar(50) NOT NULL' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'character varying(50)' AND attnotnull = true)) AS ok;
