SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys ADD COLUMN key_plaintext text;
