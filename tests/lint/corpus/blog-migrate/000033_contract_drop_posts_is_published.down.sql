ALTER TABLE posts ADD COLUMN IF NOT EXISTS is_published boolean NOT NULL DEFAULT false;
UPDATE posts SET is_published = (status = 'published');
CREATE INDEX IF NOT EXISTS posts_published_at_idx ON posts (published_at DESC) WHERE is_published;
