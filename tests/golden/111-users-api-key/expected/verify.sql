-- Issue #111: Give every user a unique API key — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.api_key is uuid NOT NULL' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'api_key' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'uuid' AND attnotnull = true)) AS ok;
SELECT '2. constraint users_api_key_key on users exists and is validated' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'users'::regclass AND conname = 'users_api_key_key' AND convalidated)) AS ok;
