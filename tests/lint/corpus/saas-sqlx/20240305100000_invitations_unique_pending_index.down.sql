-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS invitations_tenant_email_pending_key;
