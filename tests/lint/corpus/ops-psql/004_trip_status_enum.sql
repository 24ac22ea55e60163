\set ON_ERROR_STOP on
/*
 * trips.status was free text; the dispatcher wrote 'Planned', 'planned ' and worse.
 * Cleaned up by hand on 2023-03-02 (see OPS-118), now we lock it down with an enum.
 * trips is ~400k rows: the type change rewrites it, done in the Sunday window.
 */
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '10min';

CREATE TYPE fleet.trip_status AS ENUM ('planned', 'en_route', 'completed', 'cancelled');

ALTER TABLE fleet.trips ALTER COLUMN status DROP DEFAULT;
ALTER TABLE fleet.trips
    ALTER COLUMN status TYPE fleet.trip_status USING status::fleet.trip_status;
ALTER TABLE fleet.trips ALTER COLUMN status SET DEFAULT 'planned';

COMMIT;
