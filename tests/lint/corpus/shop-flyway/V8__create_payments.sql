CREATE TABLE payments (
    id            SERIAL PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders (id),
    amount_cents  INTEGER NOT NULL,
    provider      VARCHAR(32) NOT NULL,
    status        VARCHAR(20) NOT NULL DEFAULT 'authorized',
    created_at    TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX payments_order_id_idx ON payments (order_id);
