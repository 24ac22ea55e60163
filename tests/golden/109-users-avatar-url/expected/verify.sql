-- Issue #109: Add users.avatar_url and fill it from legacy_avatar — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.avatar_url is text' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'avatar_url' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'text' AND attnotnull = false)) AS ok;
SELECT '2. every row of users holds the backfilled value' AS check_name, (SELECT NOT EXISTS (SELECT 1 FROM users WHERE (legacy_avatar IS NOT NULL) AND avatar_url IS DISTINCT FROM ('https://cdn.example.com/' || legacy_avatar))) AS ok;
