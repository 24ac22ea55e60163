-- Contract: readers switched to status = 'published' in release 3.4.
SET lock_timeout = '2s';
DROP INDEX IF EXISTS posts_published_at_idx;
ALTER TABLE posts DROP COLUMN is_published;
