-- Enum values cannot be dropped: rebuild the type without 'uncollectible'.
SET LOCAL lock_timeout = '2s';

UPDATE invoices SET status = 'void' WHERE status = 'uncollectible';
ALTER TYPE invoice_status RENAME TO invoice_status_old;
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT;
ALTER TABLE invoices
    ALTER COLUMN status TYPE invoice_status USING status::text::invoice_status;
ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft';
DROP TYPE invoice_status_old;
