-- Wrong: varchar(32), the sql reference has varchar(64).
ALTER TABLE users ADD COLUMN nickname character varying(32);
COMMENT ON COLUMN users.nickname IS 'Display name chosen by the user';
