CREATE TABLE inventory (
    product_id  INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL DEFAULT 0,
    reserved    INTEGER NOT NULL DEFAULT 0,
    updated_at  TIMESTAMP NOT NULL DEFAULT now()
);
