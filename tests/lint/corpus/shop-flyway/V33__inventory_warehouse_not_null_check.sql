SET lock_timeout = '3s';

ALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_id_fkey;

ALTER TABLE inventory
    ADD CONSTRAINT inventory_warehouse_id_not_null CHECK (warehouse_id IS NOT NULL) NOT VALID;
