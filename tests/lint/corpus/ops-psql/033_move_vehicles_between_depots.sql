\set ON_ERROR_STOP on
-- Depot HAM-2 closes; its vehicles move to HAM-1. Explicit lock so no trip gets
-- planned against the old depot in between.
BEGIN;
SET LOCAL lock_timeout = '1s';
LOCK TABLE fleet.vehicles IN SHARE ROW EXCLUSIVE MODE;

UPDATE fleet.vehicles
   SET depot_id = (SELECT id FROM fleet.depots WHERE code = 'HAM-1')
 WHERE depot_id = (SELECT id FROM fleet.depots WHERE code = 'HAM-2');

COMMIT;
