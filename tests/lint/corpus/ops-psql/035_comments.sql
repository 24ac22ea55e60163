\set ON_ERROR_STOP on
COMMENT ON SCHEMA fleet IS 'Vehicles, drivers, trips and telemetry of the dispatch platform.';
COMMENT ON TABLE fleet.trips IS 'One row per planned or driven trip.';
COMMENT ON COLUMN fleet.trips.distance_m IS 'end_odometer_m - start_odometer_m, set when the trip completes.';
COMMENT ON TABLE fleet.telemetry_v2 IS 'GPS pings, monthly partitions, kept 13 months.';
COMMENT ON MATERIALIZED VIEW fleet.daily_trip_stats IS 'Refreshed every 15 minutes by pg_cron.';
