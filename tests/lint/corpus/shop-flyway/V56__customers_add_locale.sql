SET lock_timeout = '3s';

ALTER TABLE customers ADD COLUMN locale TEXT NOT NULL DEFAULT 'de-DE';
