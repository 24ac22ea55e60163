-- Issue #108: Make users.phone NOT NULL — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.phone is varchar(32) NOT NULL' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'phone' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'character varying(32)' AND attnotnull = true)) AS ok;
