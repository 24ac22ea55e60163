\set ON_ERROR_STOP on
-- PostgreSQL 12+: ADD VALUE may run inside a transaction block.
BEGIN;
ALTER TYPE fleet.trip_status ADD VALUE IF NOT EXISTS 'cancelled_by_driver' AFTER 'cancelled';
COMMIT;
