-- The client stores the time zone itself since release 2.4.
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN timezone;
