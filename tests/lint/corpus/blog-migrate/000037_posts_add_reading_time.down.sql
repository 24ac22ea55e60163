ALTER TABLE posts DROP COLUMN IF EXISTS reading_minutes;
