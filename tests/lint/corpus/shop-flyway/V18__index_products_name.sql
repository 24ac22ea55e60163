-- Search-as-you-type on the admin product list.
CREATE INDEX CONCURRENTLY IF NOT EXISTS products_name_idx ON products (lower(name) text_pattern_ops);
