CREATE TABLE returns (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    order_item_id  INTEGER NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    status         TEXT NOT NULL DEFAULT 'requested',
    reason         TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at      TIMESTAMPTZ
);
