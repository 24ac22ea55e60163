-- The web client reads both; existing users keep the light theme.
ALTER TABLE users ADD COLUMN theme text NOT NULL DEFAULT 'light';
ALTER TABLE users ADD COLUMN timezone text;
