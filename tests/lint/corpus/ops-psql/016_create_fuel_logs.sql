\set ON_ERROR_STOP on
BEGIN;

CREATE TABLE fleet.fuel_logs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vehicle_id   integer NOT NULL REFERENCES fleet.vehicles (id) ON DELETE CASCADE,
    driver_id    integer REFERENCES fleet.drivers (id) ON DELETE SET NULL,
    filled_at    timestamptz NOT NULL,
    litres       numeric(7, 2) NOT NULL CHECK (litres > 0),
    price_cents  bigint NOT NULL,
    station      text
);

-- Staging for the fuel-card provider's CSV, loaded with \copy by the import job.
CREATE UNLOGGED TABLE fleet.fuel_import_staging (
    card_no     text,
    plate       text,
    filled_at   text,
    litres      text,
    amount      text
);

COMMIT;
