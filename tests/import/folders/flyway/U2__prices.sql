ALTER TABLE products ALTER COLUMN price TYPE numeric(10,2);
DELETE FROM products WHERE id IN (1, 2);
DROP FUNCTION price_with_tax(numeric);
