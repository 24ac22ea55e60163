-- no-transaction
CREATE INDEX CONCURRENTLY customers_created_at_idx ON customers (created_at DESC);
