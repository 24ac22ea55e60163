\set ON_ERROR_STOP on
-- Autocommit (no BEGIN): CONCURRENTLY cannot run inside a transaction block.
-- lock_timeout 0 for this statement: CIC waits for old transactions, and a timeout
-- would leave an INVALID index behind.
SET lock_timeout = 0;
SET statement_timeout = 0;

CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_started_at_idx
    ON fleet.trips (started_at) WHERE started_at IS NOT NULL;

RESET lock_timeout;
RESET statement_timeout;
