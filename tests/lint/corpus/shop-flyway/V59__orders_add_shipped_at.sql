SET lock_timeout = '3s';

ALTER TABLE orders ADD COLUMN shipped_at TIMESTAMPTZ;
