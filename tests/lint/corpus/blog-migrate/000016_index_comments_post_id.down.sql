DROP INDEX IF EXISTS comments_post_id_idx;
