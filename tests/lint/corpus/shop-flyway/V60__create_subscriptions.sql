-- Coffee and razor-blade subscriptions (SHOP-402).
CREATE TABLE subscriptions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    product_id      INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    interval_days   INTEGER NOT NULL CHECK (interval_days IN (14, 30, 60, 90)),
    next_delivery   DATE NOT NULL,
    paused          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
