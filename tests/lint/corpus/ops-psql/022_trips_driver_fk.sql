\set ON_ERROR_STOP on
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE fleet.trips
    ADD CONSTRAINT trips_driver_id_fkey FOREIGN KEY (driver_id) REFERENCES fleet.drivers (id);
COMMIT;
