\set ON_ERROR_STOP on
BEGIN;

CREATE TABLE fleet.maintenance_jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id   integer NOT NULL REFERENCES fleet.vehicles (id) ON DELETE CASCADE,
    kind         text NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    -- Generated column: reports group by it without recomputing.
    duration     interval GENERATED ALWAYS AS (finished_at - started_at) STORED,
    cost_cents   bigint,
    CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX maintenance_jobs_vehicle_idx ON fleet.maintenance_jobs (vehicle_id, started_at);

COMMIT;
