-- no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS memberships_tenant_id_idx ON memberships (tenant_id);
