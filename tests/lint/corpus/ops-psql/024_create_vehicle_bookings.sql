\set ON_ERROR_STOP on
BEGIN;

CREATE TABLE fleet.vehicle_bookings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id  integer NOT NULL REFERENCES fleet.vehicles (id) ON DELETE CASCADE,
    booked_by   text NOT NULL,
    during      tstzrange NOT NULL,
    -- No double booking of a vehicle (needs btree_gist for the = on integer).
    EXCLUDE USING gist (vehicle_id WITH =, during WITH &&)
);

COMMIT;
