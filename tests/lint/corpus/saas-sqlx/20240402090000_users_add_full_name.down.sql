SET LOCAL lock_timeout = '2s';

ALTER TABLE users DROP COLUMN full_name;
