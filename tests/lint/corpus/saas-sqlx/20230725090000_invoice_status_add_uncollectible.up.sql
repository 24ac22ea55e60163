-- PostgreSQL 12+ allows ADD VALUE inside the migration transaction;
-- the new value becomes usable once it commits.
ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'uncollectible' AFTER 'paid';
