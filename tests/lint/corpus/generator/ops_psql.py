"""ops-psql: a fleet-management platform's hand-run psql scripts (NNN_desc.sql).

The DBA team applies them with `psql -X -f`, one file at a time, in autocommit mode: each
script manages its own BEGIN/COMMIT, lock_timeout and ON_ERROR_STOP. 001 is the pg_dump
baseline taken when the scripts folder was started.
"""
from common import Project, sql

DIRECTORY = "ops-psql"


def files():
    p = Project(DIRECTORY)

    p.add("001_baseline_schema.sql", sql("""
        --
        -- PostgreSQL database dump
        --

        \\restrict Qm4pXv8ZbT2Lr9kWc1Hn6Ye0Sd3Fa7Gu5Jo8Ki2Mt4Vb

        -- Dumped from database version 15.6 (Debian 15.6-0+deb12u1)
        -- Dumped by pg_dump version 15.6 (Debian 15.6-0+deb12u1)

        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET idle_in_transaction_session_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET xmloption = content;
        SET client_min_messages = warning;
        SET row_security = off;

        --
        -- Name: fleet; Type: SCHEMA; Schema: -; Owner: -
        --

        CREATE SCHEMA fleet;


        SET default_tablespace = '';

        SET default_table_access_method = heap;

        --
        -- Name: depots; Type: TABLE; Schema: fleet; Owner: -
        --

        CREATE TABLE fleet.depots (
            id integer NOT NULL,
            code character varying(8) NOT NULL,
            name character varying(100) NOT NULL,
            city character varying(100) NOT NULL,
            created_at timestamp with time zone DEFAULT now() NOT NULL
        );


        --
        -- Name: depots_id_seq; Type: SEQUENCE; Schema: fleet; Owner: -
        --

        CREATE SEQUENCE fleet.depots_id_seq
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        --
        -- Name: depots_id_seq; Type: SEQUENCE OWNED BY; Schema: fleet; Owner: -
        --

        ALTER SEQUENCE fleet.depots_id_seq OWNED BY fleet.depots.id;


        --
        -- Name: drivers; Type: TABLE; Schema: fleet; Owner: -
        --

        CREATE TABLE fleet.drivers (
            id integer NOT NULL,
            depot_id integer NOT NULL,
            full_name character varying(200) NOT NULL,
            license_no character varying(20) NOT NULL,
            phone character varying(32),
            active boolean DEFAULT true NOT NULL,
            created_at timestamp with time zone DEFAULT now() NOT NULL,
            updated_at timestamp with time zone DEFAULT now() NOT NULL
        );


        CREATE SEQUENCE fleet.drivers_id_seq
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;

        ALTER SEQUENCE fleet.drivers_id_seq OWNED BY fleet.drivers.id;


        --
        -- Name: trips; Type: TABLE; Schema: fleet; Owner: -
        --

        CREATE TABLE fleet.trips (
            id bigint NOT NULL,
            vehicle_id integer NOT NULL,
            driver_id integer,
            status text DEFAULT 'planned'::text NOT NULL,
            started_at timestamp with time zone,
            finished_at timestamp with time zone,
            start_odometer_m bigint,
            end_odometer_m bigint,
            notes text
        );


        CREATE SEQUENCE fleet.trips_id_seq
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;

        ALTER SEQUENCE fleet.trips_id_seq OWNED BY fleet.trips.id;


        --
        -- Name: vehicles; Type: TABLE; Schema: fleet; Owner: -
        --

        CREATE TABLE fleet.vehicles (
            id integer NOT NULL,
            depot_id integer NOT NULL,
            vin character varying(17) NOT NULL,
            plate character varying(16) NOT NULL,
            model character varying(100),
            status character varying(20) DEFAULT 'active'::character varying NOT NULL,
            legacy_gps_unit character varying(40),
            created_at timestamp with time zone DEFAULT now() NOT NULL,
            updated_at timestamp with time zone DEFAULT now() NOT NULL
        );


        CREATE SEQUENCE fleet.vehicles_id_seq
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;

        ALTER SEQUENCE fleet.vehicles_id_seq OWNED BY fleet.vehicles.id;


        --
        -- Name: depots id; Type: DEFAULT; Schema: fleet; Owner: -
        --

        ALTER TABLE ONLY fleet.depots ALTER COLUMN id SET DEFAULT nextval('fleet.depots_id_seq'::regclass);
        ALTER TABLE ONLY fleet.drivers ALTER COLUMN id SET DEFAULT nextval('fleet.drivers_id_seq'::regclass);
        ALTER TABLE ONLY fleet.trips ALTER COLUMN id SET DEFAULT nextval('fleet.trips_id_seq'::regclass);
        ALTER TABLE ONLY fleet.vehicles ALTER COLUMN id SET DEFAULT nextval('fleet.vehicles_id_seq'::regclass);


        --
        -- Name: depots depots_code_key; Type: CONSTRAINT; Schema: fleet; Owner: -
        --

        ALTER TABLE ONLY fleet.depots
            ADD CONSTRAINT depots_code_key UNIQUE (code);

        ALTER TABLE ONLY fleet.depots
            ADD CONSTRAINT depots_pkey PRIMARY KEY (id);

        ALTER TABLE ONLY fleet.drivers
            ADD CONSTRAINT drivers_pkey PRIMARY KEY (id);

        ALTER TABLE ONLY fleet.trips
            ADD CONSTRAINT trips_pkey PRIMARY KEY (id);

        ALTER TABLE ONLY fleet.vehicles
            ADD CONSTRAINT vehicles_pkey PRIMARY KEY (id);


        --
        -- Name: trips_vehicle_id_idx; Type: INDEX; Schema: fleet; Owner: -
        --

        CREATE INDEX trips_vehicle_id_idx ON fleet.trips USING btree (vehicle_id);

        CREATE INDEX trips_status_old_idx ON fleet.trips USING btree (status);

        CREATE INDEX vehicles_depot_id_idx ON fleet.vehicles USING btree (depot_id);


        --
        -- Name: drivers drivers_depot_id_fkey; Type: FK CONSTRAINT; Schema: fleet; Owner: -
        --

        ALTER TABLE ONLY fleet.drivers
            ADD CONSTRAINT drivers_depot_id_fkey FOREIGN KEY (depot_id) REFERENCES fleet.depots(id) ON DELETE RESTRICT;

        ALTER TABLE ONLY fleet.trips
            ADD CONSTRAINT trips_vehicle_id_fkey FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles(id) ON DELETE RESTRICT;

        ALTER TABLE ONLY fleet.vehicles
            ADD CONSTRAINT vehicles_depot_id_fkey FOREIGN KEY (depot_id) REFERENCES fleet.depots(id) ON DELETE RESTRICT;


        --
        -- PostgreSQL database dump complete
        --

        \\unrestrict Qm4pXv8ZbT2Lr9kWc1Hn6Ye0Sd3Fa7Gu5Jo8Ki2Mt4Vb
    """))

    p.add("002_roles_and_grants.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Application and read-only roles. CREATE ROLE has no IF NOT EXISTS, hence the DO block.

        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleet_app') THEN
                CREATE ROLE fleet_app NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleet_readonly') THEN
                CREATE ROLE fleet_readonly NOLOGIN;
            END IF;
        END
        $$;

        GRANT USAGE ON SCHEMA fleet TO fleet_app, fleet_readonly;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA fleet TO fleet_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA fleet TO fleet_app;
        GRANT SELECT ON ALL TABLES IN SCHEMA fleet TO fleet_readonly;

        /* Tables created by later scripts (run as the owner) get the same grants. */
        ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fleet_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
            GRANT USAGE, SELECT ON SEQUENCES TO fleet_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA fleet
            GRANT SELECT ON TABLES TO fleet_readonly;
    """))

    p.add("003_extensions.sql", sql("""
        \\set ON_ERROR_STOP on

        -- pg_trgm: fuzzy plate search in the dispatcher UI.
        -- btree_gist: exclusion constraints mixing = and && (vehicle bookings, 024).
        CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
        CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
    """))

    p.add("004_trip_status_enum.sql", sql("""
        \\set ON_ERROR_STOP on
        /*
         * trips.status was free text; the dispatcher wrote 'Planned', 'planned ' and worse.
         * Cleaned up by hand on 2023-03-02 (see OPS-118), now we lock it down with an enum.
         * trips is ~400k rows: the type change rewrites it, done in the Sunday window.
         */
        BEGIN;
        SET LOCAL lock_timeout = '5s';
        SET LOCAL statement_timeout = '10min';

        CREATE TYPE fleet.trip_status AS ENUM ('planned', 'en_route', 'completed', 'cancelled');

        ALTER TABLE fleet.trips ALTER COLUMN status DROP DEFAULT;
        ALTER TABLE fleet.trips
            ALTER COLUMN status TYPE fleet.trip_status USING status::fleet.trip_status;
        ALTER TABLE fleet.trips ALTER COLUMN status SET DEFAULT 'planned';

        COMMIT;
    """))

    p.add("005_trip_status_add_delayed.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Outside a transaction on purpose: our old PG 11 primary refused ADD VALUE in a block.
        ALTER TYPE fleet.trip_status ADD VALUE IF NOT EXISTS 'delayed' BEFORE 'completed';
    """))

    p.add("006_updated_at_triggers.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;

        CREATE OR REPLACE FUNCTION fleet.set_updated_at() RETURNS trigger
            LANGUAGE plpgsql
            AS $function$
        BEGIN
            -- Skip no-op updates so updated_at means "something changed".
            IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
                NEW.updated_at := now();
            END IF;
            RETURN NEW;
        END;
        $function$;

        DO $do$
        DECLARE
            t text;
        BEGIN
            FOREACH t IN ARRAY ARRAY['vehicles', 'drivers'] LOOP
                EXECUTE format('DROP TRIGGER IF EXISTS %I ON fleet.%I', t || '_set_updated_at', t);
                EXECUTE format(
                    'CREATE TRIGGER %I BEFORE UPDATE ON fleet.%I FOR EACH ROW EXECUTE FUNCTION fleet.set_updated_at()',
                    t || '_set_updated_at', t);
            END LOOP;
        END
        $do$;

        COMMIT;
    """))

    p.add("007_create_telemetry.sql", sql("""
        \\set ON_ERROR_STOP on
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
    """))

    p.add("008_create_maintenance_jobs.sql", sql("""
        \\set ON_ERROR_STOP on
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
    """))

    p.add("009_rls_drivers.sql", sql("""
        \\set ON_ERROR_STOP on
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
    """))

    p.add("010_mv_daily_trip_stats.sql", sql("""
        \\set ON_ERROR_STOP on

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
    """))

    p.add("011_index_trips_started_at.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Autocommit (no BEGIN): CONCURRENTLY cannot run inside a transaction block.
        -- lock_timeout 0 for this statement: CIC waits for old transactions, and a timeout
        -- would leave an INVALID index behind.
        SET lock_timeout = 0;
        SET statement_timeout = 0;

        CREATE INDEX CONCURRENTLY IF NOT EXISTS trips_started_at_idx
            ON fleet.trips (started_at) WHERE started_at IS NOT NULL;

        RESET lock_timeout;
        RESET statement_timeout;
    """))

    p.add("012_trips_add_distance.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.trips ADD COLUMN IF NOT EXISTS distance_m bigint;
        COMMIT;

        /*
         * Batched backfill: 10k rows per transaction so that no row lock is held for long
         * and autovacuum can keep up. COMMIT inside DO works because psql runs this block
         * in autocommit mode (PostgreSQL 11+).
         */
        DO $$
        DECLARE
            batch_size constant integer := 10000;
            last_id    bigint := 0;
            max_id     bigint;
        BEGIN
            SELECT coalesce(max(id), 0) INTO max_id FROM fleet.trips;
            WHILE last_id < max_id LOOP
                UPDATE fleet.trips
                   SET distance_m = end_odometer_m - start_odometer_m
                 WHERE id > last_id AND id <= last_id + batch_size
                   AND distance_m IS NULL
                   AND end_odometer_m IS NOT NULL;
                last_id := last_id + batch_size;
                COMMIT;
            END LOOP;
        END
        $$;
    """))

    p.add("013_trips_distance_check.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Step 1: a NOT VALID check takes ACCESS EXCLUSIVE only for a moment.
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.trips
            ADD CONSTRAINT trips_distance_nonnegative CHECK (distance_m >= 0) NOT VALID;
        COMMIT;

        -- Step 2: validation scans the table under SHARE UPDATE EXCLUSIVE (writes continue).
        ALTER TABLE fleet.trips VALIDATE CONSTRAINT trips_distance_nonnegative;
    """))

    p.add("014_vacuum_analyze_trips.sql", sql("""
        \\set ON_ERROR_STOP on
        -- After the 012 backfill: reclaim dead tuples and refresh statistics.
        VACUUM (ANALYZE, VERBOSE) fleet.trips;
    """))

    p.add("015_drivers_license_widen.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        -- EU licence numbers with country prefix need up to 32 characters; no rewrite.
        ALTER TABLE fleet.drivers ALTER COLUMN license_no TYPE character varying(32);
        COMMIT;
    """))

    p.add("016_create_fuel_logs.sql", sql("""
        \\set ON_ERROR_STOP on
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

        -- Staging for the fuel-card provider's CSV, loaded with \\copy by the import job.
        CREATE UNLOGGED TABLE fleet.fuel_import_staging (
            card_no     text,
            plate       text,
            filled_at   text,
            litres      text,
            amount      text
        );

        COMMIT;
    """))

    p.add("017_index_fuel_logs_vehicle.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';

        CREATE INDEX CONCURRENTLY fuel_logs_vehicle_filled_idx
            ON fleet.fuel_logs (vehicle_id, filled_at DESC);

        COMMIT;
    """))

    p.add("018_index_fuel_logs_vehicle_retry.sql", sql("""
        \\set ON_ERROR_STOP on
        -- 017 failed in production: "CREATE INDEX CONCURRENTLY cannot run inside a
        -- transaction block". Same index, autocommit this time.
        SET lock_timeout = 0;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS fuel_logs_vehicle_filled_idx
            ON fleet.fuel_logs (vehicle_id, filled_at DESC);
        RESET lock_timeout;
    """))

    p.add("019_vacuum_full_telemetry_archive.sql", sql("""
        \\set ON_ERROR_STOP on
        /*
         * telemetry_archive bloated to 180 GB after the retention bug (OPS-203); plain VACUUM
         * does not return the space to the OS. Runs in the announced maintenance window
         * 2023-11-04 02:00-04:00 UTC: VACUUM FULL holds ACCESS EXCLUSIVE for the whole rewrite.
         */
        VACUUM FULL VERBOSE fleet.telemetry_archive;
    """))

    p.add("020_vehicles_vin_unique.sql", sql("""
        \\set ON_ERROR_STOP on

        SET lock_timeout = 0;
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS vehicles_vin_key ON fleet.vehicles (vin);
        RESET lock_timeout;

        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.vehicles ADD CONSTRAINT vehicles_vin_key UNIQUE USING INDEX vehicles_vin_key;
        COMMIT;
    """))

    p.add("021_drivers_phone_not_null.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Dispatch needs a phone number for every driver (OPS-240). Checked: no NULLs left.
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.drivers ALTER COLUMN phone SET NOT NULL;
        COMMIT;
    """))

    p.add("022_trips_driver_fk.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.trips
            ADD CONSTRAINT trips_driver_id_fkey FOREIGN KEY (driver_id) REFERENCES fleet.drivers (id);
        COMMIT;
    """))

    p.add("023_grants_reporting.sql", sql("""
        \\set ON_ERROR_STOP on
        -- The BI tool connects as fleet_readonly; it must not read driver phone numbers.
        REVOKE SELECT ON fleet.drivers FROM fleet_readonly;
        GRANT SELECT (id, depot_id, full_name, active, created_at) ON fleet.drivers TO fleet_readonly;
        GRANT SELECT ON fleet.telemetry, fleet.maintenance_jobs, fleet.fuel_logs TO fleet_readonly;
    """))

    p.add("024_create_vehicle_bookings.sql", sql("""
        \\set ON_ERROR_STOP on
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
    """))

    p.add("025_rename_vehicle_plate.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        -- Matches the wording of the registration documents (OPS-262).
        ALTER TABLE fleet.vehicles RENAME COLUMN plate TO registration_plate;
        COMMIT;
    """))

    p.add("026_refresh_daily_trip_stats.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Readers keep using the old contents while this runs (needs the unique index from 010).
        REFRESH MATERIALIZED VIEW CONCURRENTLY fleet.daily_trip_stats;
    """))

    p.add("027_archive_old_telemetry.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Move pings older than 90 days to the archive, 50k rows per transaction.
        SET statement_timeout = '5min';

        DO $$
        DECLARE
            moved integer;
        BEGIN
            LOOP
                WITH batch AS (
                    DELETE FROM fleet.telemetry
                     WHERE id IN (
                         SELECT id FROM fleet.telemetry
                          WHERE recorded_at < now() - interval '90 days'
                          ORDER BY id
                          LIMIT 50000)
                    RETURNING *
                )
                INSERT INTO fleet.telemetry_archive
                SELECT * FROM batch;
                GET DIAGNOSTICS moved = ROW_COUNT;
                COMMIT;
                EXIT WHEN moved = 0;
                PERFORM pg_sleep(0.1);
            END LOOP;
        END
        $$;

        RESET statement_timeout;
    """))

    p.add("028_trip_status_add_cancelled_by_driver.sql", sql("""
        \\set ON_ERROR_STOP on
        -- PostgreSQL 12+: ADD VALUE may run inside a transaction block.
        BEGIN;
        ALTER TYPE fleet.trip_status ADD VALUE IF NOT EXISTS 'cancelled_by_driver' AFTER 'cancelled';
        COMMIT;
    """))

    p.add("029_function_vehicle_availability.sql", sql("""
        \\set ON_ERROR_STOP on

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
    """))

    p.add("030_contract_drop_vehicles_legacy_gps.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Contract: the last legacy GPS box was removed in June; nothing reads the column since 4.2.
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        ALTER TABLE fleet.vehicles DROP COLUMN IF EXISTS legacy_gps_unit;
        COMMIT;
    """))

    p.add("031_audit_trigger.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;

        CREATE SCHEMA IF NOT EXISTS audit;

        CREATE TABLE IF NOT EXISTS audit.row_changes (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            table_name  text NOT NULL,
            op          char(1) NOT NULL,
            row_data    jsonb,
            changed_by  text NOT NULL DEFAULT current_user,
            changed_at  timestamptz NOT NULL DEFAULT now()
        );

        CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger
            LANGUAGE plpgsql
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
        AS $body$
        DECLARE
            payload jsonb;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                payload := to_jsonb(OLD);
            ELSE
                payload := to_jsonb(NEW);
            END IF;
            -- Dynamic SQL with its own dollar quotes inside the function body.
            EXECUTE $q$INSERT INTO audit.row_changes (table_name, op, row_data) VALUES ($1, $2, $3)$q$
                USING TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, left(TG_OP, 1), payload;
            RETURN NULL;
        END;
        $body$;

        CREATE TRIGGER vehicles_audit
            AFTER INSERT OR UPDATE OR DELETE ON fleet.vehicles
            FOR EACH ROW EXECUTE FUNCTION audit.log_change();

        COMMIT;
    """))

    p.add("032_truncate_fuel_import_staging.sql", sql("""
        \\set ON_ERROR_STOP on
        -- The import job crashed half-way on 2024-01-08 and left partial rows behind.
        -- schemashift:ignore ban-truncate -- staging table, only the import job reads it
        TRUNCATE fleet.fuel_import_staging;
    """))

    p.add("033_move_vehicles_between_depots.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Depot HAM-2 closes; its vehicles move to HAM-1. Explicit lock so no trip gets
        -- planned against the old depot in between.
        BEGIN;
        SET LOCAL lock_timeout = '1s';
        LOCK TABLE fleet.vehicles IN SHARE ROW EXCLUSIVE MODE;

        UPDATE fleet.vehicles
           SET depot_id = (SELECT id FROM fleet.depots WHERE code = 'HAM-1')
         WHERE depot_id = (SELECT id FROM fleet.depots WHERE code = 'HAM-2');

        COMMIT;
    """))

    p.add("034_telemetry_partitioned.sql", sql("""
        \\set ON_ERROR_STOP on
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
    """))

    p.add("035_comments.sql", sql("""
        \\set ON_ERROR_STOP on
        COMMENT ON SCHEMA fleet IS 'Vehicles, drivers, trips and telemetry of the dispatch platform.';
        COMMENT ON TABLE fleet.trips IS 'One row per planned or driven trip.';
        COMMENT ON COLUMN fleet.trips.distance_m IS 'end_odometer_m - start_odometer_m, set when the trip completes.';
        COMMENT ON TABLE fleet.telemetry_v2 IS 'GPS pings, monthly partitions, kept 13 months.';
        COMMENT ON MATERIALIZED VIEW fleet.daily_trip_stats IS 'Refreshed every 15 minutes by pg_cron.';
    """))

    p.add("036_role_timeouts.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Guard rails for the application role: no statement may hang on a lock forever.
        ALTER ROLE fleet_app SET lock_timeout = '3s';
        ALTER ROLE fleet_app SET statement_timeout = '30s';
        ALTER ROLE fleet_app SET idle_in_transaction_session_timeout = '60s';
    """))

    p.add("037_reindex_trips.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Index bloat after the 012 backfill; rebuild without blocking writes.
        SET lock_timeout = 0;
        REINDEX TABLE CONCURRENTLY fleet.trips;
        RESET lock_timeout;
    """))

    p.add("038_statistics.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';

        -- The planner underestimates trips per (vehicle, status); tell it they correlate.
        CREATE STATISTICS IF NOT EXISTS fleet.trips_vehicle_status_stats (dependencies, ndistinct)
            ON vehicle_id, status FROM fleet.trips;
        ALTER TABLE fleet.trips ALTER COLUMN vehicle_id SET STATISTICS 1000;

        COMMIT;

        ANALYZE fleet.trips;
    """))

    p.add("039_drop_trips_status_old_idx.sql", sql("""
        \\set ON_ERROR_STOP on
        -- Superseded by the enum + trips_started_at_idx; 2.1 GB and never scanned (pg_stat_user_indexes).
        DROP INDEX fleet.trips_status_old_idx;
    """))

    p.add("040_vehicles_add_registered_at.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        -- now() is stable: evaluated once and stored as the column's missing value, no rewrite.
        ALTER TABLE fleet.vehicles ADD COLUMN registered_at timestamptz NOT NULL DEFAULT now();
        COMMIT;
    """))

    p.add("041_normalise_vehicle_status.sql", sql("""
        \\set ON_ERROR_STOP on
        BEGIN;
        SET LOCAL lock_timeout = '2s';
        UPDATE fleet.vehicles SET status = lower(trim(status));
        COMMIT;
    """))

    return p.entries
