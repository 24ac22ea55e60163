-- orders_customer_id_idx is 3x its fresh size after the 2022 archive purge.
-- Flyway does not detect REINDEX ... CONCURRENTLY: the .sql.conf runs it outside a transaction.
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
