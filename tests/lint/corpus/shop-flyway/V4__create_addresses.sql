CREATE TABLE addresses (
    id           SERIAL PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind         VARCHAR(16) NOT NULL DEFAULT 'shipping', -- shipping | billing
    line1        VARCHAR(200) NOT NULL,
    line2        VARCHAR(200),
    city         VARCHAR(100) NOT NULL,
    zip          VARCHAR(16) NOT NULL,
    country      VARCHAR(2) NOT NULL
);
CREATE INDEX addresses_customer_id_idx ON addresses (customer_id);
