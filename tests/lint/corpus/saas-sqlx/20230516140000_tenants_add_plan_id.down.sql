SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants DROP COLUMN plan_id;
