SET LOCAL lock_timeout = '2s';

CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');

ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT;
ALTER TABLE invoices
    ALTER COLUMN status TYPE invoice_status USING status::invoice_status;
ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft';
