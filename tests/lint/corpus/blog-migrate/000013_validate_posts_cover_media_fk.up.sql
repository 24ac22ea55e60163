ALTER TABLE posts VALIDATE CONSTRAINT posts_cover_media_id_fkey;
