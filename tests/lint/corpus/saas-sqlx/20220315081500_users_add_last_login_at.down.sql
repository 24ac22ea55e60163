SET LOCAL lock_timeout = '2s';

ALTER TABLE users DROP COLUMN last_login_at;
