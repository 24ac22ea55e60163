DROP INDEX CONCURRENTLY IF EXISTS posts_search_vector_idx;
