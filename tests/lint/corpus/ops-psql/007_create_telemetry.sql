\set ON_ERROR_STOP on
BEGIN;

-- GPS pings every 30 s per vehicle. Append-only; BRIN suits the time column.
CREATE TABLE fleet.telemetry (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id   integer NOT NULL REFERENCES fleet.vehicles (id) ON DELETE CASCADE,
    recorded_at  timestamptz NOT NULL,
    lat          double precision NOT NULL,
    lon          double precision NOT NULL,
    speed_kmh    real,
    odometer_m   bigint
);
CREATE INDEX telemetry_recorded_at_brin ON fleet.telemetry USING brin (recorded_at);
CREATE INDEX telemetry_vehicle_recorded_idx ON fleet.telemetry (vehicle_id, recorded_at DESC);

-- Cold storage for pings older than 90 days (moved by 027).
CREATE TABLE fleet.telemetry_archive (LIKE fleet.telemetry INCLUDING DEFAULTS);

COMMIT;
