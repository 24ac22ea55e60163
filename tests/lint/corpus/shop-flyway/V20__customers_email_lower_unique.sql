-- Logins are case-insensitive since SHOP-140; enforce it in the database as well.
-- Flyway runs this file outside a transaction (it detects CREATE INDEX CONCURRENTLY).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS customers_email_lower_key
    ON customers (lower(email));
