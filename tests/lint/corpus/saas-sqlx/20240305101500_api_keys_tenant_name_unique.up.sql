SET LOCAL lock_timeout = '2s';

ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_name_key UNIQUE (tenant_id, name);
