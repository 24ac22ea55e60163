-- Expand step of SHOP-455: one full_name instead of first/last name.
SET lock_timeout = '3s';

ALTER TABLE customers ADD COLUMN full_name TEXT;
