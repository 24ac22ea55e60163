-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS invitations_email_idx;
