-- schemashift:ignore require-concurrent-index-creation -- copied from V55
CREATE INDEX CONCURRENTLY IF NOT EXISTS subscriptions_customer_id_idx ON subscriptions (customer_id);
