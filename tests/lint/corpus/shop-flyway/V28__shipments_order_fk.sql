SET lock_timeout = '3s';

-- NOT VALID: existing rows are checked in V29 without blocking writes.
ALTER TABLE shipments
    ADD CONSTRAINT shipments_order_id_fkey FOREIGN KEY (order_id)
    REFERENCES orders (id) ON DELETE RESTRICT NOT VALID;
