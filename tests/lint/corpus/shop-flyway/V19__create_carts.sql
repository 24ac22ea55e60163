CREATE TABLE carts (
    id           SERIAL PRIMARY KEY,
    customer_id  INTEGER REFERENCES customers (id) ON DELETE CASCADE,
    token        VARCHAR(64) NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL DEFAULT now(),
    updated_at   TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
    cart_id     INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (cart_id, product_id)
);

CREATE INDEX carts_updated_at_idx ON carts (updated_at);
