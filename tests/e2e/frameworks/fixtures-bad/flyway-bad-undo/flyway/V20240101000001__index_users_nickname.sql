CREATE INDEX CONCURRENTLY idx_users_nickname ON users (nickname);
