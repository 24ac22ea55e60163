CREATE TABLE refunds (
    id            SERIAL PRIMARY KEY,
    payment_id    INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    reason        TEXT,
    created_at    TIMESTAMP NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_id_idx ON refunds (payment_id);
