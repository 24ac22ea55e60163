SET LOCAL lock_timeout = '2s';

ALTER TABLE users ADD COLUMN last_login_at timestamptz;
