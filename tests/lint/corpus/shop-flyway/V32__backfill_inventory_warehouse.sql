-- Every existing stock row belongs to the only warehouse we had so far.
UPDATE inventory
   SET warehouse_id = (SELECT id FROM warehouses WHERE code = 'MAIN')
 WHERE warehouse_id IS NULL;
