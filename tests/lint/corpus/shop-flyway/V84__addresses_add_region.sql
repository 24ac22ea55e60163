SET lock_timeout = '3s';

ALTER TABLE addresses ADD COLUMN region TEXT;
ALTER TABLE addresses ALTER COLUMN country TYPE CHAR(2);
