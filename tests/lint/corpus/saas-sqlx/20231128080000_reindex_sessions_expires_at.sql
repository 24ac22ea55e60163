-- no-transaction
REINDEX INDEX CONCURRENTLY sessions_expires_at_idx;
