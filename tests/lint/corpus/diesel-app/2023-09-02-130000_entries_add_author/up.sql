ALTER TABLE entries ADD COLUMN author varchar(120);
ALTER TABLE feeds ADD COLUMN fallback_kind feed_kind;
