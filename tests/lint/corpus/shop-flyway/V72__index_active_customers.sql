CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_active_created_idx
    ON customers (created_at) WHERE deleted_at IS NULL;
