\set ON_ERROR_STOP on
-- Guard rails for the application role: no statement may hang on a lock forever.
ALTER ROLE fleet_app SET lock_timeout = '3s';
ALTER ROLE fleet_app SET statement_timeout = '30s';
ALTER ROLE fleet_app SET idle_in_transaction_session_timeout = '60s';
