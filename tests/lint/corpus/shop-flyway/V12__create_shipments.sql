-- Owned by the logistics team. order_id is checked by the fulfilment service.
CREATE TABLE shipments (
    id             SERIAL PRIMARY KEY,
    order_id       INTEGER NOT NULL,
    carrier        VARCHAR(32) NOT NULL,
    tracking_code  VARCHAR(64),
    tracking_url   VARCHAR(500),
    shipped_at     TIMESTAMP,
    delivered_at   TIMESTAMP
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
