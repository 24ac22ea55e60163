SET LOCAL lock_timeout = '2s';

ALTER TABLE invoice_lines
    ALTER COLUMN unit_amount TYPE numeric(12, 2),
    ALTER COLUMN amount TYPE numeric(12, 2);
