CREATE TYPE post_status AS ENUM ('draft', 'scheduled', 'published', 'archived');

SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN status post_status NOT NULL DEFAULT 'draft';
