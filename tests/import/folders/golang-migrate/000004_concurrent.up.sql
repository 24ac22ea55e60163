CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_at_idx ON audit_log (at);
