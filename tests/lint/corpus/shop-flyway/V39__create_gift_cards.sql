CREATE TABLE gift_cards (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code              TEXT NOT NULL,
    initial_cents     BIGINT NOT NULL CHECK (initial_cents > 0),
    balance_cents     BIGINT NOT NULL,
    purchased_by      INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    expires_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
