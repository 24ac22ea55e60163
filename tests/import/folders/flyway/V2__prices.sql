CREATE FUNCTION price_with_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT p * 1.2';
INSERT INTO products VALUES (1, 'A-1', 10), (2, 'B-2', 20);
DO $$ BEGIN UPDATE products SET price = price_with_tax(price) WHERE id = 2; END $$;
ALTER TABLE products ALTER COLUMN price TYPE numeric(12,2);
