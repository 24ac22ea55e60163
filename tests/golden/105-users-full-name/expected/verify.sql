-- Issue #105: Rename users.name to full_name — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.full_name is varchar(255)' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'full_name' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'character varying(255)' AND attnotnull = false)) AS ok;
SELECT '2. column users.name is gone' AS check_name, (SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name' AND NOT attisdropped)) AS ok;
