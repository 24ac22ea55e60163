SET lock_timeout = '3s';

-- The original FK from V3 had no ON DELETE; make the intent explicit.
ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_restrict_fkey FOREIGN KEY (customer_id)
    REFERENCES customers (id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
