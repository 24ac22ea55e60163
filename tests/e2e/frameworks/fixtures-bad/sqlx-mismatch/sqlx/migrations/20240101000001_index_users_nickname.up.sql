-- no-transaction
-- The whole file is one query string: a second statement here would make PostgreSQL run
-- both in an implicit transaction block, which CREATE INDEX CONCURRENTLY refuses.
CREATE INDEX CONCURRENTLY idx_users_nickname ON users (nickname);
