-- The schema the lint rule cases (src/analyze/rules/*.cpp, RuleInfo::bad / good) run on in
-- the agreement table: every table, index, type and function they name without creating
-- it. Before a case, verify_agreement drops from it what the case itself creates, renames
-- to or adds first (a table, an index, a column, a constraint), so that the case's own
-- statements run as written. Empty tables (but one row in regions, which a case's foreign
-- key needs): locks, rewrites and scans do not depend on rows.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA app;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION app.next_order_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;

CREATE TABLE users (
  id integer CONSTRAINT users_pkey PRIMARY KEY,
  email text CONSTRAINT users_email_check CHECK (email LIKE '%@%'),
  legacy_name text,
  full_name text,
  referrer_id bigint,
  settings json,
  confirmed_at timestamp,
  age integer,
  age_new integer,
  email_verified boolean,
  a text
);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_name_idx ON users (legacy_name);
CREATE UNIQUE INDEX users_id_idx ON users (id);

CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE coupons (id bigint PRIMARY KEY);
CREATE TABLE shops (id bigint PRIMARY KEY);
CREATE TABLE regions (id bigint PRIMARY KEY);
INSERT INTO regions VALUES (1);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id integer,
  customer_id bigint,
  total numeric
);
CREATE UNIQUE INDEX orders_id_idx ON orders (id);
CREATE TABLE order_totals (id bigint PRIMARY KEY, amount numeric);
CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamptz);
CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY, plan text);
CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE TABLE prices (id bigint PRIMARY KEY);
CREATE TABLE settings (key text PRIMARY KEY, value text);
CREATE TABLE bookings (id bigint PRIMARY KEY, room integer, during tstzrange);

CREATE TABLE app.users (id bigint PRIMARY KEY, legacy_name text, full_name text);
CREATE TABLE app.accounts (id bigint PRIMARY KEY, full_name text);
CREATE TABLE app.customers (id bigint PRIMARY KEY);
CREATE TABLE app.audit_log (id bigint PRIMARY KEY);
CREATE TABLE app.orders (id bigint PRIMARY KEY, created_at timestamptz);
CREATE INDEX orders_created_idx ON app.orders (created_at);
