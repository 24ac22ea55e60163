-- Signed-in authors can comment as themselves.
ALTER TABLE comments ADD COLUMN author_id bigint REFERENCES authors (id);
