-- Issue #102: Rename posts.created to created_at — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column posts.created_at is timestamp NOT NULL' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'created_at' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'timestamp without time zone' AND attnotnull = true)) AS ok;
SELECT '2. column posts.created is gone' AS check_name, (SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'created' AND NOT attisdropped)) AS ok;
