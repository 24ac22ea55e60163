CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    total numeric(12,2) NOT NULL CHECK (total >= 0),
    status text NOT NULL DEFAULT 'new'
);
COMMENT ON TABLE orders IS 'One row per checkout';
