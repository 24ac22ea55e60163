-- The nightly supplier feed is bulk-loaded here, then merged into products.
CREATE UNLOGGED TABLE product_import_staging (
    sku          TEXT,
    name         TEXT,
    price_cents  BIGINT,
    stock        INTEGER,
    raw          JSONB
);
