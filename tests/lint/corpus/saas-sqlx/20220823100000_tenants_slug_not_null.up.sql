ALTER TABLE tenants VALIDATE CONSTRAINT tenants_slug_not_null;

SET LOCAL lock_timeout = '2s';
ALTER TABLE tenants ALTER COLUMN slug SET NOT NULL;
ALTER TABLE tenants DROP CONSTRAINT tenants_slug_not_null;
