-- no-transaction
-- The primary key (tenant_id, user_id) plus memberships_user_id_idx cover every query;
-- this duplicate came from an old ORM model.
DROP INDEX CONCURRENTLY IF EXISTS memberships_tenant_id_idx;
