\set ON_ERROR_STOP on
-- Outside a transaction on purpose: our old PG 11 primary refused ADD VALUE in a block.
ALTER TYPE fleet.trip_status ADD VALUE IF NOT EXISTS 'delayed' BEFORE 'completed';
