CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_status_published_at_idx
    ON posts (published_at DESC) WHERE status = 'published';
