-- Key listing per tenant is slow (BILL-231).
CREATE INDEX CONCURRENTLY IF NOT EXISTS api_keys_tenant_id_idx ON api_keys (tenant_id);
