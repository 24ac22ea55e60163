CREATE INDEX CONCURRENTLY IF NOT EXISTS products_search_idx ON products USING gin (search_vector);
