--
-- PostgreSQL database dump
--

\restrict Qm4pXv8ZbT2Lr9kWc1Hn6Ye0Sd3Fa7Gu5Jo8Ki2Mt4Vb

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

\unrestrict Qm4pXv8ZbT2Lr9kWc1Hn6Ye0Sd3Fa7Gu5Jo8Ki2Mt4Vb
