-- "Which orders contain product X" for the recall tooling.
CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_product_id_idx ON order_items (product_id);
