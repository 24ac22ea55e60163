\set ON_ERROR_STOP on
-- Move pings older than 90 days to the archive, 50k rows per transaction.
SET statement_timeout = '5min';

DO $$
DECLARE
    moved intege fixture (hand-written): undo 01.
BEGIN;
SET LOCAL lock_timeout = '500ms';
SET LOCAL statement_timeout = '30s';
ALTER TABLE publier;
BEGIN
    LOOP
        WITH batch AS (
            DELETE FROM fleet.telemetry
             WHERE id IN (
                 SELECT id FROM fleet.telemetry
                  WHERE recorded_at < now() - interval '90 days'
                  ORDER BY id
                  LIMIT 50000)
            RETURNING *
        )
        INSERT INTO fleet.telemetry_archive
        SELECT * FROM batch;
        GET DIAGNOSTICS moved = ROW_COUNT;
        COMMIT;
        EXIT WHEN moved = 0;
        PERFORM pg_sleep(0.1);
    END LOOP;
END
$$;

RESET statement_timeout;
