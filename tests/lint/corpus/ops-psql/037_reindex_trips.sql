\set ON_ERROR_STOP on
-- Index bloat after the 012 backfill; rebuild without blocking writes.
SET lock_timeout = 0;
REINDEX TABLE CONCURRENTLY fleet.trips;
RESET lock_timeout;
