SET lock_timeout = '3s';

ALTER TABLE inventory ADD COLUMN warehouse_id INTEGER;

ALTER TABLE inventory
    ADD CONSTRAINT inventory_warehouse_id_fkey FOREIGN KEY (warehouse_id)
    REFERENCES warehouses (id) ON DELETE RESTRICT NOT VALID;
