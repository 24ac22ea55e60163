SET LOCAL lock_timeout = '2s';

ALTER TABLE tenants ADD COLUMN plan_id text;
ALTER TABLE tenants
    ADD CONSTRAINT tenants_plan_id_fkey FOREIGN KEY (plan_id)
    REFERENCES plans (id) ON DELETE RESTRICT NOT VALID;
