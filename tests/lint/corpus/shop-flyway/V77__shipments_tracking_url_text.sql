SET lock_timeout = '3s';

ALTER TABLE shipments ALTER COLUMN tracking_url TYPE TEXT;
