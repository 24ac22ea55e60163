-- no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS tenants_slug_key ON tenants (slug);
