DROP TRIGGER IF EXISTS posts_search_vector_trigger ON posts;
DROP FUNCTION IF EXISTS posts_search_vector_update();
ALTER TABLE posts DROP COLUMN IF EXISTS search_vector;
ALTER TABLE posts DROP COLUMN IF EXISTS search_config;
