-- Issue #103: Index users by email — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. index users_email_idx exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('users_email_idx') AND indisvalid AND indisready)) AS ok;
