ALTER TABLE comments DROP CONSTRAINT IF EXISTS comments_body_length;
