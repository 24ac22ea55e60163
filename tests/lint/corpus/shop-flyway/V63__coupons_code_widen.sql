SET lock_timeout = '3s';

-- Partner coupon codes are up to 48 characters long. Widening a varchar does not rewrite.
ALTER TABLE coupons ALTER COLUMN code TYPE VARCHAR(64);
