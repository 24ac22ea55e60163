DROP INDEX CONCURRENTLY IF EXISTS posts_status_published_at_idx;
