-- Flyway runs this file in one transaction (no .conf: executeInTransaction defaults to true).
ALTER TABLE users ADD COLUMN nickname character varying(64);
COMMENT ON COLUMN users.nickname IS 'Display name chosen by the user';
