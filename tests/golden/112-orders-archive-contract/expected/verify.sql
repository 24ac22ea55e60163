-- Issue #112: Contract after the orders archive move and the avatar migration — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. index public.orders_created_at_idx is gone' AS check_name, (SELECT to_regclass('public.orders_created_at_idx') IS NULL) AS ok;
SELECT '2. column orders.total has no default' AS check_name, (SELECT (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'orders'::regclass AND a.attname = 'total') IS NULL) AS ok;
SELECT '3. column users.legacy_avatar is gone' AS check_name, (SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'legacy_avatar' AND NOT attisdropped)) AS ok;
