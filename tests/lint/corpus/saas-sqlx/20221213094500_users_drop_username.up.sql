-- Usernames were never shown anywhere after the 2022 redesign.
ALTER TABLE users DROP COLUMN username;
