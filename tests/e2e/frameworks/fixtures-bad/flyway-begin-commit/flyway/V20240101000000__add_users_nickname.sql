-- Wrong for Flyway: it already wraps the file in a transaction (executeInTransaction=true).
BEGIN;
ALTER TABLE users ADD COLUMN nickname character varying(64);
COMMENT ON COLUMN users.nickname IS 'Display name chosen by the user';
COMMIT;
