\set ON_ERROR_STOP on
/*
 * New partitioned telemetry table; the application writes to it from release 5.0
 * (dual-write), old rows stay in fleet.telemetry until they age out.
 */
BEGIN;

CREATE TABLE fleet.telemetry_v2 (
    vehicle_id   integer NOT NULL,
    recorded_at  timestamptz NOT NULL,
    lat          double precision NOT NULL,
    lon          double precision NOT NULL,
    speed_kmh    real,
    odometer_m   bigint,
    PRIMARY KEY (vehicle_id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE fleet.telemetry_v2_2024_01 PARTITION OF fleet.telemetry_v2
    FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE fleet.telemetry_v2_2024_02 PARTITION OF fleet.telemetry_v2
    FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');

-- A month prepared as a plain table and attached later (ATTACH scans it unless a
-- matching CHECK exists, so we add one first).
CREATE TABLE fleet.telemetry_v2_2024_03 (LIKE fleet.telemetry_v2 INCLUDING ALL);
ALTER TABLE fleet.telemetry_v2_2024_03 ADD CONSTRAINT telemetry_v2_2024_03_range
    CHECK (recorded_at >= '2024-03-01' AND recorded_at < '2024-04-01');
ALTER TABLE fleet.telemetry_v2 ATTACH PARTITION fleet.telemetry_v2_2024_03
    FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');

COMMIT;
