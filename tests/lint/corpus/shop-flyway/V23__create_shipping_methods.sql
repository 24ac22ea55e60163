CREATE TABLE shipping_methods (
    id             SERIAL PRIMARY KEY,
    code           VARCHAR(32) NOT NULL UNIQUE,
    name           VARCHAR(100) NOT NULL,
    price_cents    INTEGER NOT NULL,
    carrier        VARCHAR(64) NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE
);
