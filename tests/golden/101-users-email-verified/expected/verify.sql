-- Issue #101: Track email verification on users — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. column users.email_verified is boolean NOT NULL' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email_verified' AND NOT attisdropped AND format_type(atttypid, atttypmod) = 'boolean' AND attnotnull = true)) AS ok;
SELECT '2. index idx_users_email_verified exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('idx_users_email_verified') AND indisvalid AND indisready)) AS ok;
