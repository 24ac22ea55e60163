-- The "my orders" page does a seq scan on orders.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
