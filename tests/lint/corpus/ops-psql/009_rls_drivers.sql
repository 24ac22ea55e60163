\set ON_ERROR_STOP on
/* Depot managers only see their own drivers. The app sets fleet.depot_id per request:
   SET LOCAL fleet.depot_id = '12'; */
BEGIN;
SET LOCAL lock_timeout = '2s';

ALTER TABLE fleet.drivers ENABLE ROW LEVEL SECURITY;

CREATE POLICY drivers_depot_isolation ON fleet.drivers
    FOR ALL
    TO fleet_app
    USING (depot_id = nullif(current_setting('fleet.depot_id', true), '')::integer)
    WITH CHECK (depot_id = nullif(current_setting('fleet.depot_id', true), '')::integer);

CREATE POLICY drivers_readonly_all ON fleet.drivers
    FOR SELECT
    TO fleet_readonly
    USING (true);

COMMIT;
