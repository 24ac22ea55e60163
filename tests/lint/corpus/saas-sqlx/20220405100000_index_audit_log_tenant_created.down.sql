-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS audit_log_tenant_created_idx;
