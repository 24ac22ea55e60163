DELETE FROM posts WHERE title = 'Hello World';
DROP TRIGGER posts_slug ON posts;
DROP FUNCTION posts_slug();
ALTER TABLE posts DROP COLUMN slug;
