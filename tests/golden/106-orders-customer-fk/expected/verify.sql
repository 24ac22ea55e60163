-- Issue #106: Enforce orders.customer_id with a foreign key — verification after all migrations ran.
-- Each query returns (check_name, ok); every ok must be true.
-- Run: psql -v ON_ERROR_STOP=1 -X -f verify.sql
SELECT '1. index orders_customer_id_idx exists and is valid' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('orders_customer_id_idx') AND indisvalid AND indisready)) AS ok;
SELECT '2. constraint orders_customer_id_fkey on orders exists and is validated' AS check_name, (SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname = 'orders_customer_id_fkey' AND convalidated)) AS ok;
