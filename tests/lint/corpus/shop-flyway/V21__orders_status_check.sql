ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT VALID;

ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;
