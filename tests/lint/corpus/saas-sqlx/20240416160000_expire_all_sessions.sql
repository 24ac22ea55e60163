-- The session token format changed (SEC-31): everybody signs in again.
DELETE FROM sessions;
