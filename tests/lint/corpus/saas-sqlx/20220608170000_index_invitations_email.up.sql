-- no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS invitations_email_idx ON invitations (email)
    WHERE accepted_at IS NULL;
