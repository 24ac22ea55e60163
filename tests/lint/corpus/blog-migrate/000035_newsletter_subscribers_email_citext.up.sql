CREATE EXTENSION IF NOT EXISTS citext;

SET lock_timeout = '2s';
ALTER TABLE newsletter_subscribers ALTER COLUMN email TYPE citext;
