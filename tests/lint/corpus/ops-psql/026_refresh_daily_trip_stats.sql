\set ON_ERROR_STOP on
-- Readers keep using the old contents while this runs (needs the unique index from 010).
REFRESH MATERIALIZED VIEW CONCURRENTLY fleet.daily_trip_stats;
