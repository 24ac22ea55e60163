SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN view_count bigint NOT NULL DEFAULT 0;
