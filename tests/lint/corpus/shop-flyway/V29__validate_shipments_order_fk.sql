ALTER TABLE shipments VALIDATE CONSTRAINT shipments_order_id_fkey;
