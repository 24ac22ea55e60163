SET lock_timeout = '3s';

CREATE TABLE brands (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

ALTER TABLE products ADD COLUMN brand_id BIGINT;
ALTER TABLE products
    ADD CONSTRAINT products_brand_id_fkey FOREIGN KEY (brand_id)
    REFERENCES brands (id) ON DELETE SET NULL NOT VALID;
