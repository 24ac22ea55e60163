SET lock_timeout = '3s';

ALTER TABLE orders ADD COLUMN tax_cents BIGINT NOT NULL DEFAULT 0;
