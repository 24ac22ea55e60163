-- Human-readable order numbers for support (SHOP-88).
ALTER TABLE orders ADD COLUMN order_number VARCHAR(32);

UPDATE orders SET order_number = 'ORD-' || lpad(id::text, 8, '0');

ALTER TABLE orders ALTER COLUMN order_number SET NOT NULL;
CREATE UNIQUE INDEX orders_order_number_key ON orders (order_number);
