ALTER TABLE posts ADD COLUMN slug text;
CREATE FUNCTION posts_slug() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.slug := lower(replace(NEW.title, ' ', '-')); RETURN NEW; END $$;
CREATE TRIGGER posts_slug BEFORE INSERT OR UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION posts_slug();
INSERT INTO posts (title) VALUES ('Hello World');
DO $$ BEGIN UPDATE posts SET published = true WHERE title = 'Hello World'; END $$;
