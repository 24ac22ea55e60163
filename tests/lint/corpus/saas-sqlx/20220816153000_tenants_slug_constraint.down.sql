SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants DROP CONSTRAINT tenants_slug_not_null;
-- Keep the unique index itself: the up migration before this one owns it.
ALTER TABLE tenants DROP CONSTRAINT tenants_slug_key;
CREATE UNIQUE INDEX IF NOT EXISTS tenants_slug_key ON tenants (slug);
