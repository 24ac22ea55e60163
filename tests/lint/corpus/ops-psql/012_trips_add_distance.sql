\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.trips ADD COLUMN IF NOT EXISTS distance_m bigint;
COMMIT;

/*
 * Batched backfill: 10k rows per transaction so that no row lock is held for long
 * and autovacuum can keep up. COMMIT inside DO works because psql runs this block
 * in autocommit mode (PostgreSQL 11+).
 */
DO $$
DECLARE
    batch_size constant integer := 10000;
    last_id    bigint := 0;
    max_id     bigint;
BEGIN
    SELECT coalesce(max(id), 0) INTO max_id FROM fleet.trips;
    WHILE last_id < max_id LOOP
        UPDATE fleet.trips
           SET distance_m = end_odometer_m - start_odometer_m
         WHERE id > last_id AND id <= last_id + batch_size
           AND distance_m IS NULL
           AND end_odometer_m IS NOT NULL;
        last_id := last_id + batch_size;
        COMMIT;
    END LOOP;
END
$$;
