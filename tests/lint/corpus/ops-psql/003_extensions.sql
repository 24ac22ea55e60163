\set ON_ERROR_STOP on

-- pg_trgm: fuzzy plate search in the dispatcher UI.
-- btree_gist: exclusion constraints mixing = and && (vehicle bookings, 024).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
