CREATE INDEX CONCURRENTLY IF NOT EXISTS entries_published_at_idx ON entries (published_at DESC);
