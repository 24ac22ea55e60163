CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_search_vector_idx ON posts USING gin (search_vector);
