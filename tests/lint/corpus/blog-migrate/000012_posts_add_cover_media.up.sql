SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN cover_media_id bigint;
ALTER TABLE posts
    ADD CONSTRAINT posts_cover_media_id_fkey FOREIGN KEY (cover_media_id)
    REFERENCES media (id) ON DELETE SET NULL NOT VALID;
