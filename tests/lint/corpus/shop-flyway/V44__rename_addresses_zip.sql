SET lock_timeout = '3s';

ALTER TABLE addresses RENAME COLUMN zip TO postal_code;
