-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_users_nickname;
