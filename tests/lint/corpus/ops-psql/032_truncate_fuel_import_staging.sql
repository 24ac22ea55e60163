\set ON_ERROR_STOP on
-- The import job crashed half-way on 2024-01-08 and left partial rows behind.
-- schemashift:ignore ban-truncate -- staging table, only the import job reads it
TRUNCATE fleet.fuel_import_staging;
