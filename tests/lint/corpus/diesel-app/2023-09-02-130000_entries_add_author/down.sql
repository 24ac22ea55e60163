ALTER TABLE feeds DROP COLUMN fallback_kind;
ALTER TABLE entries DROP COLUMN author;
