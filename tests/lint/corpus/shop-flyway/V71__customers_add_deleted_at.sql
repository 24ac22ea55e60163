-- Soft delete: GDPR erasure anonymises the row and sets deleted_at.
SET lock_timeout = '3s';

ALTER TABLE customers ADD COLUMN deleted_at TIMESTAMPTZ;
