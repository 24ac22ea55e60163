CREATE TABLE loyalty_transactions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    order_id     INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    points       INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX loyalty_transactions_customer_idx ON loyalty_transactions (customer_id, created_at);
