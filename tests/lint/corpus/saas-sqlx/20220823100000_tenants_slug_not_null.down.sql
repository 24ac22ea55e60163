SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ALTER COLUMN slug DROP NOT NULL;
ALTER TABLE tenants ADD CONSTRAINT tenants_slug_not_null CHECK (slug IS NOT NULL) NOT VALID;
