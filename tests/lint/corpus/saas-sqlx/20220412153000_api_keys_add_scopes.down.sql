SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys DROP COLUMN scopes;
