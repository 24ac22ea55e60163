CREATE TABLE price_history (
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    price_cents  BIGINT NOT NULL,
    valid_from   TIMESTAMPTZ NOT NULL DEFAULT now(),
    valid_to     TIMESTAMPTZ,
    PRIMARY KEY (product_id, valid_from)
);

INSERT INTO price_history (product_id, price_cents, valid_from)
SELECT id, price_cents, created_at FROM products;
