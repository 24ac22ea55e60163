CREATE OR REPLACE FUNCTION posts_search_vector_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector(NEW.search_config, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(NEW.search_config, coalesce(NEW.body_markdown, '')), 'D');
    RETURN NEW;
END;
$$;
