-- no-transaction
DROP INDEX CONCURRENTLY customers_created_at_idx;
