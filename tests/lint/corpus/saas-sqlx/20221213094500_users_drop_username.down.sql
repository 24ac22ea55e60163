ALTER TABLE users ADD COLUMN username text;
