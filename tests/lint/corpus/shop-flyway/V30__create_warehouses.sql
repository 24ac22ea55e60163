CREATE TABLE warehouses (
    id       SERIAL PRIMARY KEY,
    code     VARCHAR(16) NOT NULL UNIQUE,
    name     VARCHAR(100) NOT NULL,
    country  VARCHAR(2) NOT NULL
);

INSERT INTO warehouses (code, name, country) VALUES ('MAIN', 'Leipzig', 'DE');
