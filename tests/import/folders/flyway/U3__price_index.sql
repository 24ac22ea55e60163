DROP INDEX CONCURRENTLY products_price_idx;
