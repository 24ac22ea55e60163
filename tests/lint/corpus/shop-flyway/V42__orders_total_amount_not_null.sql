SET lock_timeout = '3s';

ALTER TABLE orders ALTER COLUMN total_amount SET NOT NULL;
