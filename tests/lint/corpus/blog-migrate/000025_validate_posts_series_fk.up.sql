ALTER TABLE posts VALIDATE CONSTRAINT posts_series_id_fkey;
