-- no-transaction
-- Wrong for sqlx: the file is sent as one query string, so PostgreSQL runs both statements
-- in one implicit transaction block, and CREATE INDEX CONCURRENTLY refuses to.
CREATE INDEX CONCURRENTLY idx_users_nickname ON users (nickname);
COMMENT ON INDEX idx_users_nickname IS 'nickname lookups';
