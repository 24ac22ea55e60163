-- Nothing to undo: validation only checked existing rows.
SELECT 1;
