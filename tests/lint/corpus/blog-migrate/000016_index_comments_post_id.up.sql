-- Post pages load comments by post; the FK column was never indexed.
CREATE INDEX comments_post_id_idx ON comments (post_id, created_at);
