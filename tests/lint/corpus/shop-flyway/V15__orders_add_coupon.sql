ALTER TABLE orders ADD COLUMN coupon_id INTEGER REFERENCES coupons (id);
