-- no-transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS invitations_tenant_email_pending_key
    ON invitations (tenant_id, email) WHERE accepted_at IS NULL;
