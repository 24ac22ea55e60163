SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ALTER COLUMN name TYPE varchar(100);
