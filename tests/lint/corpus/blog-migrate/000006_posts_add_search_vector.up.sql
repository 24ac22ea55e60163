-- Full-text search: a tsvector kept up to date by a trigger (generated columns
-- cannot call to_tsvector with a configuration taken from another column).
ALTER TABLE posts ADD COLUMN search_config regconfig NOT NULL DEFAULT 'english';
ALTER TABLE posts ADD COLUMN search_vector tsvector;

CREATE FUNCTION posts_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(NEW.search_config, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(NEW.search_config, coalesce(NEW.body, '')), 'D');
    RETURN NEW;
END;
$$;

CREATE TRIGGER posts_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, body, search_config ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update();
