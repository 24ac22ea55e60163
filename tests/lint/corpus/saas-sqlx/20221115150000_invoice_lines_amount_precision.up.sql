SET LOCAL lock_timeout = '2s';

-- Usage-based lines can exceed 10^10. Raising numeric precision keeps the scale: no rewrite.
ALTER TABLE invoice_lines
    ALTER COLUMN unit_amount TYPE numeric(16, 2),
    ALTER COLUMN amount TYPE numeric(16, 2);
