\set ON_ERROR_STOP on

CREATE OR REPLACE FUNCTION fleet.available_vehicles(p_depot integer, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (vehicle_id integer, registration_plate character varying)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = fleet, pg_temp
AS $$
    SELECT v.id, v.registration_plate
      FROM fleet.vehicles v
     WHERE v.depot_id = p_depot
       AND v.status = 'active'
       AND NOT EXISTS (
           SELECT 1 FROM fleet.vehicle_bookings b
            WHERE b.vehicle_id = v.id
              AND b.during && tstzrange(p_from, p_to))
     ORDER BY v.registration_plate;
$$;

REVOKE ALL ON FUNCTION fleet.available_vehicles(integer, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fleet.available_vehicles(integer, timestamptz, timestamptz) TO fleet_app;
