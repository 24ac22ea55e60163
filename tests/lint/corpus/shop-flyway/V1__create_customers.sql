-- Customers of the web shop. Email is the login name.
CREATE TABLE customers (
    id          SERIAL PRIMARY KEY,
    email       VARCHAR(255) NOT NULL UNIQUE,
    first_name  VARCHAR(100),
    last_name   VARCHAR(100),
    fax         VARCHAR(32),
    created_at  TIMESTAMP NOT NULL DEFAULT now()
);
