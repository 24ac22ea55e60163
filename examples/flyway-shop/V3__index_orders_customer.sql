-- Flyway runs a script whose statements must all run outside a transaction without one.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
