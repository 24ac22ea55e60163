DROP INDEX CONCURRENTLY IF EXISTS authors_email_lower_key;
