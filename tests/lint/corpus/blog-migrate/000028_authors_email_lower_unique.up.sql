CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS authors_email_lower_key ON authors (lower(email));
