\set ON_ERROR_STOP on

CREATE MATERIALIZED VIEW IF NOT EXISTS fleet.daily_trip_stats AS
SELECT date_trunc('day', t.started_at)::date AS day,
       v.depot_id,
       count(*)                                         AS trips,
       count(*) FILTER (WHERE t.status = 'completed')   AS completed,
       sum(t.end_odometer_m - t.start_odometer_m)        AS distance_m
  FROM fleet.trips t
  JOIN fleet.vehicles v ON v.id = t.vehicle_id
 WHERE t.started_at IS NOT NULL
 GROUP BY 1, 2
WITH NO DATA;

-- Needed for REFRESH ... CONCURRENTLY.
CREATE UNIQUE INDEX IF NOT EXISTS daily_trip_stats_day_depot_key
    ON fleet.daily_trip_stats (day, depot_id);

REFRESH MATERIALIZED VIEW fleet.daily_trip_stats;

GRANT SELECT ON fleet.daily_trip_stats TO fleet_readonly;
