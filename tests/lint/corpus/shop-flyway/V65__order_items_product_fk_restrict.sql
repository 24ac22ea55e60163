SET lock_timeout = '3s';

-- Deleting a product must not be possible while orders reference it.
ALTER TABLE order_items DROP CONSTRAINT order_items_product_id_fkey;
ALTER TABLE order_items
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id)
    REFERENCES products (id) ON DELETE RESTRICT NOT VALID;
