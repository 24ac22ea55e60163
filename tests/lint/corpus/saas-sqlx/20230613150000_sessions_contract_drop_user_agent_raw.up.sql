-- Contract step: the parsed user agent lives in session_devices since release 2023.22.
SET LOCAL lock_timeout = '2s';

ALTER TABLE sessions DROP COLUMN user_agent_raw;
