SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys DROP CONSTRAINT api_keys_tenant_name_key;
