ALTER TABLE posts DROP COLUMN IF EXISTS cover_media_id;
