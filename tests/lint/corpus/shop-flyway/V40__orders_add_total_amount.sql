-- Expand step of SHOP-301: money as numeric instead of integer cents.
SET lock_timeout = '3s';

ALTER TABLE orders ADD COLUMN total_amount NUMERIC(12, 2);
