SET lock_timeout = '3s';

ALTER TABLE inventory
    ADD CONSTRAINT inventory_quantity_nonnegative CHECK (quantity >= 0 AND reserved >= 0) NOT VALID;
