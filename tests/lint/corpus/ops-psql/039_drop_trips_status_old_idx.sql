\set ON_ERROR_STOP on
-- Superseded by the enum + trips_started_at_idx; 2.1 GB and never scanned (pg_stat_user_indexes).
DROP INDEX fleet.trips_status_old_idx;
