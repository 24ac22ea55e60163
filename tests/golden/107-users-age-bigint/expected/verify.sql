-- Issue #107: Widen users.age to bigint — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.age is bigint' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'age' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'bigint' AND attnotnull = false)) AS ok;
