SET LOCAL lock_timeout = '2s';

ALTER TABLE users ADD COLUMN full_name text NOT NULL;
