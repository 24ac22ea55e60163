SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ADD CONSTRAINT tenants_slug_key UNIQUE USING INDEX tenants_slug_key;
ALTER TABLE tenants ADD CONSTRAINT tenants_slug_not_null CHECK (slug IS NOT NULL) NOT VALID;
