SET LOCAL lock_timeout = '2s';

-- Enterprise customers have long legal names. varchar(n) -> text does not rewrite.
ALTER TABLE tenants ALTER COLUMN name TYPE text;
