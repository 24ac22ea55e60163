-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS tenants_slug_key;
