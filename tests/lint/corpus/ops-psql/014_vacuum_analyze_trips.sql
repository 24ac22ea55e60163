\set ON_ERROR_STOP on
-- After the 012 backfill: reclaim dead tuples and refresh statistics.
VACUUM (ANALYZE, VERBOSE) fleet.trips;
