SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN reading_minutes integer
    GENERATED ALWAYS AS (greatest(1, char_length(body_markdown) / 1200)) STORED;
