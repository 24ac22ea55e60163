ALTER TABLE orders DROP COLUMN total_amount;
