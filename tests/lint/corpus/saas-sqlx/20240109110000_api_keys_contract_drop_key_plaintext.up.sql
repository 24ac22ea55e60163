-- Contract step of SEC-17: plaintext keys were migrated to key_hash in December.
SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys DROP COLUMN key_plaintext;
