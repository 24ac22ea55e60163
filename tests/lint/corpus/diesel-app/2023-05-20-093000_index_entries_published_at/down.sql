DROP INDEX CONCURRENTLY IF EXISTS entries_published_at_idx;
